namespace LRBench.Schedules.Composition;

/// <summary>Repeats a policy every <c>period</c> steps: step t sees the inner policy at t mod period.</summary>
public sealed class Repeat(Schedule inner, long period) : Schedule
{
    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step) => inner.LearningRate(step % period);

    /// <inheritdoc />
    public override double? Momentum(long step) => inner.Momentum(step % period);
}
