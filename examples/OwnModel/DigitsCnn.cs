using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace OwnModel;

/// <summary>
/// The user's own model: two 3x3 convolutions with batch norm and max-pooling, then a small classifier, for 28x28
/// grey digits. Nothing in it comes from LRBench: any TorchSharp module works.
/// </summary>
internal sealed class DigitsCnn : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public DigitsCnn() : base("digits-cnn")
    {
        _layers = Sequential(
            Conv2d(1, 16, 3, padding: 1), BatchNorm2d(16), ReLU(), MaxPool2d(2),
            Conv2d(16, 32, 3, padding: 1), BatchNorm2d(32), ReLU(), MaxPool2d(2),
            Flatten(), Linear(32 * 7 * 7, 64), ReLU(), Linear(64, 10));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.forward(input);
}
