using LRBench.Training.Data;
using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>
/// The LeNet of Caffe's MNIST example (examples/mnist/lenet_train_test.prototxt), the model of the LRBench paper's
/// Table VII: conv 5x5 (20) - max-pool 2 - conv 5x5 (50) - max-pool 2 - FC 500 - ReLU - FC classes. No padding and
/// no ReLU after the convolutions, as in the prototxt. The second convolution is computed by <see cref="UnfoldConv2d"/>
/// (the same function) because libtorch's own kernel returned non-finite values for it on this project's machines.
/// <para>
/// Weights use Caffe's "xavier" filler with its default fan-in variance: U(-a, a), a = sqrt(3 / fan_in) (not
/// Glorot's fan-in + fan-out); biases start at 0. Caffe feeds pixels scaled by 1/256 where LRBench's images hold
/// p/255, so the first layer sees the input times 255/256, which reproduces Caffe's inputs exactly.
/// </para>
/// <para>
/// Not reproduced: the prototxt gives biases twice the learning rate (lr_mult 2); here every parameter follows the
/// policy (docs/results.md discusses the difference).
/// </para>
/// </summary>
public sealed class CaffeLeNet : Module<Tensor, Tensor>
{
    /// <summary>Caffe's input scale (1/256) over LRBench's pixel scale (1/255).</summary>
    public const double InputScale = 255.0 / 256.0;

    private readonly Sequential _features;
    private readonly Sequential _classifier;

    public CaffeLeNet(ImageShape input, int classes) : base("lenet-caffe")
    {
        _features = Sequential(
            ("conv1", Conv2d(input.Channels, 20, 5)), ("pool1", MaxPool2d(2)),
            ("conv2", new UnfoldConv2d(20, 50, 5)), ("pool2", MaxPool2d(2)), ("flatten", Flatten()));
        long flat = ModelZoo.FlatSize(_features, input);
        _classifier = Sequential(("ip1", Linear(flat, 500)), ("relu1", ReLU()), ("ip2", Linear(500, classes)));
        RegisterComponents();
        InitCaffeXavier(this);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scaled = input.Times(InputScale);
        return _classifier.forward(_features.forward(scaled));
    }

    /// <summary>Caffe's xavier filler (variance_norm FAN_IN): every weight U(-sqrt(3 / fan_in), +sqrt(3 / fan_in)), every bias 0.</summary>
    internal static void InitCaffeXavier(Module model)
    {
        using var noGrad = no_grad();
        foreach (var (_, p) in model.named_parameters())
        {
            if (p.dim() == 1)
            {
                nn.init.zeros_(p);
                continue;
            }

            long fanIn = p.numel() / p.shape[0];
            double a = Math.Sqrt(3.0 / fanIn);
            nn.init.uniform_(p, -a, a);
        }
    }
}
