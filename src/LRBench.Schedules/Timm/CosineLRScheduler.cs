namespace LRBench.Schedules.Timm;

/// <summary>
/// timm.scheduler.CosineLRScheduler, stateless in t: linear warm-up from warmup_lr_init over warmup_t, then cosine
/// cycles of length t_initial cycle_mul^i with peak base_lr cycle_decay^i, for cycle_limit cycles, then lr_min.
/// k_decay bends the cosine (cos(pi t_curr^k / t_i^k)). Without warmup_prefix the cosine runs on the global t, as in
/// timm (so it has already decayed when warm-up ends). Cycles are counted by an integer loop, not timm's floor(log()).
/// Noise (noise_range_t, noise_pct, noise_type, noise_seed) is seeded per t like timm but not with torch's generator.
/// </summary>
public sealed class CosineLRScheduler(CosineLRSchedulerOptions options) : Schedule
{
    /// <summary>The options it was built with.</summary>
    public CosineLRSchedulerOptions Options { get; } = options;

    /// <inheritdoc />
    public override double LearningRate(long step) => Options.Timeline.At(Options.Timeline.TOf(step), Options.BaseLr, Decay);

    private double Decay(double t)
    {
        var o = Options;
        // Cycles past the limit are all lr_min, so counting stops there.
        var (i, tCurr, tI) = GeometricCycles.Locate(t, o.TInitial, o.CycleMul, o.CycleLimit);
        if (i >= o.CycleLimit) return o.LrMin;
        double lrMax = o.BaseLr * Math.Pow(o.CycleDecay, i);
        double k = o.KDecay;
        return o.LrMin + (0.5 * (lrMax - o.LrMin) * (1 + Math.Cos(Math.PI * Math.Pow(tCurr, k) / Math.Pow(tI, k))));
    }
}
