namespace LRBench.Schedules.Timm;

/// <summary>
/// timm.scheduler.PolyLRScheduler (timm/scheduler/poly_lr.py): in cycle i of length t_initial cycle_mul^i with peak
/// base_lr cycle_decay^i, lr_min + (peak - lr_min) (1 - t_curr^k / t_i^k)^power; lr_min once cycle_limit cycles have
/// run. Cycles are counted by <see cref="GeometricCycles"/> instead of timm's floor(log()).
/// </summary>
public sealed class PolyLRScheduler(
    double baseLr, double tInitial, double power, double lrMin, double cycleMul, double cycleDecay, long cycleLimit, double kDecay, TimmTimeline timeline) : Schedule
{
    /// <summary>The shared warm-up, unit of t and noise.</summary>
    public TimmTimeline Timeline { get; } = timeline;

    /// <inheritdoc />
    public override double LearningRate(long step) => Timeline.At(Timeline.TOf(step), baseLr, Decay);

    private double Decay(double t)
    {
        var (i, tCurr, tI) = GeometricCycles.Locate(t, tInitial, cycleMul, cycleLimit);
        if (i >= cycleLimit) return lrMin;
        double peak = baseLr * Math.Pow(cycleDecay, i);
        return lrMin + ((peak - lrMin) * Math.Pow(1 - (Math.Pow(tCurr, kDecay) / Math.Pow(tI, kDecay)), power));
    }
}
