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
