namespace LRBench.Schedules.Shapes;

/// <summary>
/// Seed 004's LinearCoolDown: the wrapped policy until start, then linearly from its value at start down to
/// finish_lr over length steps, then finish_lr.
/// </summary>
public sealed class LinearCooldown(Schedule inner, double finishLr, double start, double length) : Schedule
{
    private readonly double _startLr = inner.LearningRate((long)Math.Floor(start));

    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        if (step <= start) return inner.LearningRate(step);
        if (step <= start + length) return ((step - start) * (finishLr - _startLr) / length) + _startLr;
        return finishLr;
    }

    /// <inheritdoc />
    public override double? Momentum(long step) => inner.Momentum(step);
}
