namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.ExponentialLR: base_lr * gamma^t.</summary>
public sealed class ExponentialLR(double baseLr, double gamma) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => baseLr * Math.Pow(gamma, step);
}
