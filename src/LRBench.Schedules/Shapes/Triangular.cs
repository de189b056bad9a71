namespace LRBench.Schedules.Shapes;

/// <summary>
/// One (slanted) triangle, seed 004's TriangularSchedule: up from min_lr to max_lr over inc_fraction of the cycle,
/// down to min_lr at cycle_length, then min_lr. inc_fraction below 0.5 is Howard and Ruder's slanted triangle.
/// </summary>
public sealed class Triangular(double minLr, double maxLr, double cycleLength, double incFraction = 0.5) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => minLr + ((maxLr - minLr) * Unit(step, cycleLength, incFraction));

    /// <summary>The unit shape: 0 -> 1 -> 0 over one cycle, 0 afterwards.</summary>
    public static double Unit(double t, double cycleLength, double incFraction)
    {
        double peak = cycleLength * incFraction;
        if (t <= peak) return peak > 0 ? t / peak : 1;
        if (t <= cycleLength) return (cycleLength - t) / (cycleLength * (1 - incFraction));
        return 0;
    }
}

/// <summary>Seed 004's CosineAnnealingSchedule: half cosine from max_lr to min_lr over length, then min_lr.</summary>
public sealed class CosineAnnealing(double maxLr, double minLr, double length) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        step <= length ? minLr + ((maxLr - minLr) * UnitShapes.CosineDecay(step / length)) : minLr;
}

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
