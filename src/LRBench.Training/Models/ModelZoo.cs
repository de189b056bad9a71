using System.Globalization;
using LRBench.Training.Data;
using static TorchSharp.torch;

namespace LRBench.Training.Models;

/// <summary>The models LRBench trains, by name; input shape and class count come from the data.</summary>
public static class ModelZoo
{
    /// <summary>The model names, for listings (<c>mlp:W1,W2</c> and any <c>resnetD</c> are accepted too).</summary>
    public static readonly IReadOnlyList<string> Names = ["mlp", "lenet5", "lenet-caffe", "cnn3", "resnet20", "resnet32"];

    /// <summary>
    /// Builds a model. Names: <c>mlp</c> (hidden 256, 128) or <c>mlp:W1,W2,...</c>, <c>lenet5</c>, <c>lenet-caffe</c> (Caffe's MNIST LeNet, the paper's Table VII), <c>cnn3</c>,
    /// <c>resnet20</c>, <c>resnet32</c> (any <c>resnetD</c> with D = 6n + 2). Initial weights come from TorchSharp's
    /// global generator: seed it first for a reproducible model.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name, ImageShape input, int classes) => Resolve(name)(input, classes);

    /// <summary>The widest hidden layer of an <c>mlp:W1,W2</c>.</summary>
    public const int MaxMlpWidth = 16_384;

    /// <summary>The most weights between an <c>mlp</c>'s hidden layers (100 million, 400 MB in float32).</summary>
    public const long MaxMlpHiddenWeights = 100_000_000;

    /// <summary>Checks a model name and returns how to build it, so a bad name fails before any work starts.</summary>
    public static Func<ImageShape, int, nn.Module<Tensor, Tensor>> Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim().ToLowerInvariant();
        if (CharTransformerShape.Names(n))
            throw new ArgumentException($"model '{name}' is a language model: train it on a text corpus ({string.Join(", ", DataCatalogue.TextNames)})");
        if (n == "mlp") return (input, classes) => new Mlp(input, classes, [256, 128]);
        if (n.StartsWith("mlp:", StringComparison.Ordinal))
        {
            var widths = n[4..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var hidden = new List<int>();
            foreach (string w in widths)
            {
                if (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v <= 0)
                    throw new ArgumentException($"model '{name}': hidden widths must be positive integers, e.g. mlp:512,256");
                if (v > MaxMlpWidth)
                    throw new ArgumentException($"model '{name}': a hidden width is at most {MaxMlpWidth:N0}, got {v:N0}");
                hidden.Add(v);
            }

            long weights = 0;
            for (int i = 1; i < hidden.Count; i++) weights += (long)hidden[i - 1] * hidden[i];
            if (weights > MaxMlpHiddenWeights)
                throw new ArgumentException($"model '{name}': its hidden layers hold {weights:N0} weights; at most {MaxMlpHiddenWeights:N0} (400 MB in float32) are allowed");
            return (input, classes) => new Mlp(input, classes, hidden);
        }

        if (n is "lenet5" or "lenet" or "lenet-5") return (input, classes) => new LeNet5(input, classes);
        if (n is "lenet-caffe" or "caffe-lenet") return (input, classes) => new CaffeLeNet(input, classes);
        if (n == "cnn3") return (input, classes) => new Cnn3(input, classes);
        if (n.StartsWith("resnet", StringComparison.Ordinal) &&
            int.TryParse(n.AsSpan(6).TrimStart('-'), NumberStyles.None, CultureInfo.InvariantCulture, out int depth))
        {
            if (depth < 8 || (depth - 2) % 6 != 0)
                throw new ArgumentException($"model '{name}': a CIFAR ResNet has depth 6n + 2 (20, 32, 44, 56, 110)");
            return (input, classes) => new CifarResNet(input, classes, depth);
        }

        throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)} (and mlp:W1,W2,..., resnetD with D = 6n + 2)");
    }

    /// <summary>The number of trainable parameters.</summary>
    public static long ParameterCount(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
    }

    /// <summary>The flattened feature size a feature extractor produces for one image of the given shape.</summary>
    internal static long FlatSize(nn.Module<Tensor, Tensor> features, ImageShape input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = zeros(1, input.Channels, input.Height, input.Width);
        return features.forward(probe).shape[1];
    }

    internal static void InitXavier(nn.Module model)
    {
        foreach (var m in model.modules())
        {
            if (m is TorchSharp.Modules.Conv2d conv)
            {
                nn.init.xavier_uniform_(conv.weight);
                if (conv.bias is not null) nn.init.zeros_(conv.bias);
            }
            else if (m is TorchSharp.Modules.Linear linear)
            {
                nn.init.xavier_uniform_(linear.weight);
                if (linear.bias is not null) nn.init.zeros_(linear.bias);
            }
        }
    }
}
