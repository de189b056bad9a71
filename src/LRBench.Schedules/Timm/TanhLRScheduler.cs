namespace LRBench.Schedules.Timm;

/// <summary>
/// timm.scheduler.TanhLRScheduler (timm/scheduler/tanh_lr.py; Hsueh et al. 2019): in cycle i, with tr = t_curr / t_i,
/// lr_min + (peak - lr_min) (1 - tanh(lb (1 - tr) + ub tr)) / 2; lr_min once cycle_limit cycles have run. Without
/// warmup_prefix the warm-up climbs to the decay's value at t = warmup_t (timm computes its warm-up slope from it).
/// </summary>
public sealed class TanhLRScheduler(
    double baseLr, double tInitial, double lb, double ub, double lrMin, double cycleMul, double cycleDecay, long cycleLimit, TimmTimeline timeline) : Schedule
{
    /// <summary>The shared warm-up, unit of t and noise.</summary>
    public TimmTimeline Timeline { get; } = timeline;

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double target = Timeline.WarmupPrefix || Timeline.WarmupT == 0 ? baseLr : Decay(Timeline.WarmupT);
        return Timeline.At(Timeline.TOf(step), target, Decay);
    }

    private double Decay(double t)
    {
        var (i, tCurr, tI) = GeometricCycles.Locate(t, tInitial, cycleMul, cycleLimit);
        if (i >= cycleLimit) return lrMin;
        double peak = baseLr * Math.Pow(cycleDecay, i);
        double tr = tCurr / tI;
        return lrMin + (0.5 * (peak - lrMin) * (1 - Math.Tanh((lb * (1 - tr)) + (ub * tr))));
    }
}
