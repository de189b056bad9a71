using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>
/// Batch normalisation over the channels of NCHW input, with PyTorch's BatchNorm2d defaults (affine, running
/// statistics, momentum 0.1, eps 1e-5). TorchSharp's BatchNorm2d counts batches with a number it turns into a Scalar
/// that a garbage collection on another thread can free mid-call (see <see cref="Tensors.ScalarMath"/>); this one
/// calls the same batch_norm kernel and keeps no batch count, which only a momentum of None would need.
/// </summary>
public sealed class SafeBatchNorm2d : Module<Tensor, Tensor>
{
    private const double Momentum = 0.1;
    private const double Epsilon = 1e-5;

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    public SafeBatchNorm2d(long channels) : base(nameof(SafeBatchNorm2d))
    {
        weight = Parameter(ones(channels));
        bias = Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4) throw new ArgumentException($"SafeBatchNorm2d expects NCHW input, got {input.dim()} dimensions", nameof(input));
        return functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
    }
}
