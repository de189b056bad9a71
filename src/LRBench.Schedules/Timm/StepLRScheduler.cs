namespace LRBench.Schedules.Timm;

/// <summary>
/// timm.scheduler.StepLRScheduler (timm/scheduler/step_lr.py): after the warm-up, base_lr decay_rate^floor(t /
/// decay_t). warmup_prefix defaults to true here, as in timm.
/// </summary>
public sealed class StepLRScheduler(double baseLr, double decayT, double decayRate, TimmTimeline timeline) : Schedule
{
    /// <summary>The shared warm-up, unit of t and noise.</summary>
    public TimmTimeline Timeline { get; } = timeline;

    /// <inheritdoc />
    public override double LearningRate(long step) =>
        Timeline.At(Timeline.TOf(step), baseLr, t => baseLr * Math.Pow(decayRate, Math.Floor(t / decayT)));
}
