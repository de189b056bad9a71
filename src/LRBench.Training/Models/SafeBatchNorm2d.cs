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
        // While recomputing, batch k (from 1) gets weight 1/k: the running statistics are then the plain average of
        // the batches' statistics, PyTorch's momentum=None.
        double momentum = _recomputing && training ? 1.0 / ++_recomputedBatches : Momentum;
        return functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, Epsilon);
    }

    private bool _recomputing;
    private long _recomputedBatches;

    /// <summary>The running mean and variance, copied (to put them back after a recompute).</summary>
    internal (Tensor Mean, Tensor Variance) CopyStatistics() => (running_mean.detach().clone(), running_var.detach().clone());

    /// <summary>
    /// Forgets the running statistics: the next batches in training mode set them to their plain average, until
    /// <see cref="RestoreStatistics"/>. Used to measure the statistics of other weights (a schedule-free optimizer's x).
    /// </summary>
    internal void StartRecompute()
    {
        using var noGrad = no_grad();
        running_mean.zero_();
        running_var.copy_(ones_like(running_var));
        _recomputing = true;
        _recomputedBatches = 0;
    }

    /// <summary>Puts back statistics from <see cref="CopyStatistics"/> and ends a recompute.</summary>
    internal void RestoreStatistics((Tensor Mean, Tensor Variance) saved)
    {
        using var noGrad = no_grad();
        running_mean.copy_(saved.Mean);
        running_var.copy_(saved.Variance);
        _recomputing = false;
    }
}
