using LRBench.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>A fully connected network: flatten, then hidden layers with ReLU, then a linear classifier.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public Mlp(ImageShape input, int classes, IReadOnlyList<int> hidden) : base("mlp")
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var modules = new List<(string, Module<Tensor, Tensor>)> { ("flatten", Flatten()) };
        long width = input.Size;
        for (int i = 0; i < hidden.Count; i++)
        {
            modules.Add(($"fc{i + 1}", Linear(width, hidden[i])));
            modules.Add(($"relu{i + 1}", ReLU()));
            width = hidden[i];
        }

        modules.Add(("classifier", Linear(width, classes)));
        _layers = Sequential(modules);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _layers.forward(input);
}
