namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.ConstantLR: base_lr * factor until total_iters, then base_lr.</summary>
public sealed class ConstantLR(double baseLr, double factor = 1.0 / 3, long totalIters = 5) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => baseLr * (factor + (step >= totalIters ? 1 - factor : 0));
}
