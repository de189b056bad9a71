namespace LRBench.Schedules.Shapes;

/// <summary>
/// Seed 004's LinearWarmUp: from start_lr to the wrapped policy's first value over length steps (reached at
/// t = length), then the wrapped policy on its own clock (t - length).
/// </summary>
public sealed class LinearWarmup(Schedule inner, double startLr, double length) : Schedule
{
    private readonly double _finishLr = inner.LearningRate(0);

    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step) => step <= length
        ? (step * (_finishLr - startLr) / length) + startLr
        : inner.LearningRate(step - (long)Math.Round(length));

    /// <inheritdoc />
    public override double? Momentum(long step) => step <= length ? inner.Momentum(0) : inner.Momentum(step - (long)Math.Round(length));
}
