namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.StepLR: base_lr * gamma^floor(t / step_size).</summary>
public sealed class StepLR(double baseLr, long stepSize, double gamma = 0.1) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => baseLr * Math.Pow(gamma, step / stepSize);
}
