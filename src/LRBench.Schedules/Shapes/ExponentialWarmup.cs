namespace LRBench.Schedules.Shapes;

/// <summary>
/// Seed 002's exponential warm-up: eta_0 (eta_max/eta_0)^(t / length), reaching max_lr at length and holding it.
/// </summary>
public sealed class ExponentialWarmup(double minLr, double maxLr, double length) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => minLr * Math.Pow(maxLr / minLr, Math.Min(step, length) / length);
}
