namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.PolynomialLR: base_lr * (1 - min(t, total_iters)/total_iters)^power.</summary>
public sealed class PolynomialLR(double baseLr, long totalIters = 5, double power = 1) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        baseLr * Math.Pow(1.0 - ((double)Math.Min(totalIters, step) / totalIters), power);
}
