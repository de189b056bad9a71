using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>
/// A 2-D convolution (stride 1, no padding) computed as im2col and one matrix product: unfold the input into
/// patches, multiply by the flattened kernels, add the bias. Mathematically the same as <c>Conv2d</c>; it exists
/// because libtorch 2.10's float32 <c>conv2d</c> returned non-finite outputs from finite inputs and weights on this
/// project's AVX-512 machines for Caffe LeNet's second layer (20 to 50 channels on 12x12), once every few hundred
/// steps, where float64 and this form stay finite (docs/training.md, "A libtorch convolution fault").
/// Parameters are named and shaped like <c>Conv2d</c>'s (<c>weight</c> [out, in, k, k], <c>bias</c> [out]).
/// </summary>
internal sealed class UnfoldConv2d : Module<Tensor, Tensor>
{
    private readonly int _outChannels;
    private readonly int _kernel;

    public UnfoldConv2d(long inChannels, int outChannels, int kernel) : base("unfold_conv2d")
    {
        _outChannels = outChannels;
        _kernel = kernel;
        weight = Parameter(empty(outChannels, inChannels, kernel, kernel));
        bias = Parameter(zeros(outChannels));
        RegisterComponents();
    }

    /// <summary>The kernels, [out, in, k, k].</summary>
#pragma warning disable IDE1006 // TorchSharp names parameters after their fields: keep Conv2d's names
    public Parameter weight { get; }

    /// <summary>One bias per output channel.</summary>
    public Parameter bias { get; }
#pragma warning restore IDE1006

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[0], height = input.shape[2] - _kernel + 1, width = input.shape[3] - _kernel + 1;
        var patches = functional.unfold(input, _kernel);                       // [n, in k k, height width]
        var output = weight.reshape(_outChannels, -1).matmul(patches)           // [n, out, height width]
            .PlusScaled(bias.reshape(1, _outChannels, 1), 1.0);
        return output.reshape(n, _outChannels, height, width).MoveToOuterDisposeScope();
    }
}
