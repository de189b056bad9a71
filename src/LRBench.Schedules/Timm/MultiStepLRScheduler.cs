namespace LRBench.Schedules.Timm;

/// <summary>
/// timm.scheduler.MultiStepLRScheduler (timm/scheduler/multistep_lr.py): after the warm-up, base_lr decay_rate^n with
/// n the number of decay_t values &lt;= t (bisect_right on the sorted list).
/// </summary>
public sealed class MultiStepLRScheduler(double baseLr, IReadOnlyList<double> decayT, double decayRate, TimmTimeline timeline) : Schedule
{
    private readonly double[] _decayT = [.. decayT];

    /// <summary>The shared warm-up, unit of t and noise.</summary>
    public TimmTimeline Timeline { get; } = timeline;

    /// <inheritdoc />
    public override double LearningRate(long step) =>
        Timeline.At(Timeline.TOf(step), baseLr, t => baseLr * Math.Pow(decayRate, _decayT.Count(d => d <= t)));
}
