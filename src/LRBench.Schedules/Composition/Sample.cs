namespace LRBench.Schedules.Composition;

/// <summary>
/// Sampling rate (REX's decomposition of a schedule into profile and sampling rate): the value is updated only
/// every <c>interval</c> steps and held in between, so a smooth profile becomes a step schedule.
/// Sample points are at round(k * interval), k = 0, 1, ...; intervals may be fractional (N samples over T steps).
/// </summary>
public sealed class Sample(Schedule inner, double interval) : Schedule
{
    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step) => inner.LearningRate(SamplePoint(step));

    /// <inheritdoc />
    public override double? Momentum(long step) => inner.Momentum(SamplePoint(step));

    /// <summary>The step whose value is in effect at <paramref name="step"/>.</summary>
    public long SamplePoint(long step)
    {
        long k = (long)Math.Floor(step / interval);
        // Guard against k * interval rounding just above step for fractional intervals.
        while (k > 0 && Math.Round(k * interval) > step) k--;
        return (long)Math.Round(k * interval);
    }
}
