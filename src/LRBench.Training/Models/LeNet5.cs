using LRBench.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

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
