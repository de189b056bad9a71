using LRBench.Training.Data;
using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>
/// The CIFAR ResNets of He et al. (2016, section 4.2): a 3x3 conv with 16 filters, three stages of n basic blocks with
/// 16, 32 and 64 filters (the first block of stages 2 and 3 halves the size), global average pooling and a linear
/// classifier; depth 6n + 2 (ResNet-20: n = 3, ResNet-32: n = 5). Shortcuts are the paper's option A (identity,
/// subsampled and zero-padded where the shape changes), so the parameter count is the paper's (0.27M and 0.46M).
/// Convolutions are He (MSRA) initialised, as in Table II of the LRBench paper. Batch norm is <see cref="SafeBatchNorm2d"/>.
/// </summary>
public sealed class CifarResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d _stem;
    private readonly SafeBatchNorm2d _stemNorm;
    private readonly Sequential _stages;
    private readonly Linear _classifier;

    public CifarResNet(ImageShape input, int classes, int depth) : base($"resnet{depth}")
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "a CIFAR ResNet has depth 6n + 2 (20, 32, 44, 56, 110)");
        int n = (depth - 2) / 6;
        _stem = Conv2d(input.Channels, 16, 3, padding: 1, bias: false);
        _stemNorm = new SafeBatchNorm2d(16);
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        int inWidth = 16;
        foreach (var (stage, width) in new[] { (1, 16), (2, 32), (3, 64) })
        {
            for (int b = 0; b < n; b++)
            {
                int stride = stage > 1 && b == 0 ? 2 : 1;
                blocks.Add(($"stage{stage}_block{b + 1}", new BasicBlock(inWidth, width, stride)));
                inWidth = width;
            }
        }

        _stages = Sequential(blocks);
        _classifier = Linear(64, classes);
        RegisterComponents();
        foreach (var m in modules())
        {
            if (m is Conv2d conv) init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(_stemNorm.forward(_stem.forward(input)));
        x = _stages.forward(x);
        x = x.mean([2, 3]);
        return _classifier.forward(x).MoveToOuterDisposeScope();
    }

    private sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1;
        private readonly SafeBatchNorm2d _bn1;
        private readonly Conv2d _conv2;
        private readonly SafeBatchNorm2d _bn2;
        private readonly int _stride;
        private readonly int _padChannels;

        public BasicBlock(int inWidth, int width, int stride) : base("block")
        {
            _conv1 = Conv2d(inWidth, width, 3, stride: stride, padding: 1, bias: false);
            _bn1 = new SafeBatchNorm2d(width);
            _conv2 = Conv2d(width, width, 3, padding: 1, bias: false);
            _bn2 = new SafeBatchNorm2d(width);
            _stride = stride;
            _padChannels = width - inWidth;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var y = functional.relu(_bn1.forward(_conv1.forward(input)));
            y = _bn2.forward(_conv2.forward(y));
            var shortcut = input;
            if (_stride != 1)
            {
                shortcut = shortcut[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, _stride), TensorIndex.Slice(null, null, _stride)];
            }

            if (_padChannels > 0)
            {
                int half = _padChannels / 2;
                shortcut = functional.pad(shortcut, [0, 0, 0, 0, half, _padChannels - half]);
            }

            return functional.relu(y.PlusScaled(shortcut, 1)); // not y + shortcut: TorchSharp adds with a leaked alpha Scalar
        }
    }
}
