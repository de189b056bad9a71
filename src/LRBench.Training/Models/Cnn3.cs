using LRBench.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

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
