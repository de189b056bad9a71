namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.LinearLR: the factor moves linearly from start_factor to end_factor over total_iters, then stays.</summary>
public sealed class LinearLR(double baseLr, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        baseLr * (startFactor + ((endFactor - startFactor) * Math.Min(totalIters, step) / totalIters));
}
