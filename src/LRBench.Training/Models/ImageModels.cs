using LRBench.Training.Data;
using TorchSharp;
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

/// <summary>
/// LeNet-5 as used for MNIST-style data today: conv 5x5 (6, padding 2) - ReLU - max-pool 2 - conv 5x5 (16) - ReLU -
/// max-pool 2 - FC 120 - FC 84 - FC classes, Xavier-initialised (the LRBench paper's LeNet setting, Table II).
/// The padding keeps the classic 5x5x16 feature map on 28x28 inputs; other sizes adapt the first FC layer.
/// </summary>
public sealed class LeNet5 : Module<Tensor, Tensor>
{
    private readonly Sequential _features;
    private readonly Sequential _classifier;

    public LeNet5(ImageShape input, int classes) : base("lenet5")
    {
        _features = Sequential(
            ("conv1", Conv2d(input.Channels, 6, 5, padding: 2)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(6, 16, 5)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)), ("flatten", Flatten()));
        long flat = ModelZoo.FlatSize(_features, input);
        _classifier = Sequential(
            ("fc1", Linear(flat, 120)), ("relu3", ReLU()), ("fc2", Linear(120, 84)), ("relu4", ReLU()), ("fc3", Linear(84, classes)));
        RegisterComponents();
        ModelZoo.InitXavier(this);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _classifier.forward(_features.forward(input));
}

/// <summary>
/// The CNN3 of the LRBench paper: Caffe's CIFAR-10 "quick" network. conv 5x5 32 (pad 2) - max-pool 3/2 - ReLU -
/// conv 5x5 32 - ReLU - avg-pool 3/2 - conv 5x5 64 - ReLU - avg-pool 3/2 - FC 64 - FC classes. Caffe rounds pooled
/// sizes up, hence ceil mode (32 -> 16 -> 8 -> 4). Initialisation is PyTorch's default, not Caffe's fixed Gaussian
/// standard deviations, which were tuned to Caffe's base LR 0.001 (docs/training.md).
/// </summary>
public sealed class Cnn3 : Module<Tensor, Tensor>
{
    private readonly Sequential _features;
    private readonly Sequential _classifier;

    public Cnn3(ImageShape input, int classes) : base("cnn3")
    {
        _features = Sequential(
            ("conv1", Conv2d(input.Channels, 32, 5, padding: 2)), ("pool1", MaxPool2d(3, stride: 2, ceil_mode: true)), ("relu1", ReLU()),
            ("conv2", Conv2d(32, 32, 5, padding: 2)), ("relu2", ReLU()), ("pool2", AvgPool2d(3, stride: 2, ceil_mode: true)),
            ("conv3", Conv2d(32, 64, 5, padding: 2)), ("relu3", ReLU()), ("pool3", AvgPool2d(3, stride: 2, ceil_mode: true)),
            ("flatten", Flatten()));
        long flat = ModelZoo.FlatSize(_features, input);
        _classifier = Sequential(("ip1", Linear(flat, 64)), ("ip2", Linear(64, classes)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _classifier.forward(_features.forward(input));
}
