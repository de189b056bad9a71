namespace LRBench.Schedules.Composition;

/// <summary>A policy's learning rate times a constant (momentum unchanged).</summary>
public sealed class Scale(Schedule inner, double factor) : Schedule
{
    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step) => inner.LearningRate(step) * factor;

    /// <inheritdoc />
    public override double? Momentum(long step) => inner.Momentum(step);
}
