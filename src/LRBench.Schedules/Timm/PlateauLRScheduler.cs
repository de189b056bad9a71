using LRBench.Schedules.PyTorch;

namespace LRBench.Schedules.Timm;

/// <summary>
/// timm.scheduler.PlateauLRScheduler (timm/scheduler/plateau_lr.py): PyTorch's ReduceLROnPlateau stepped once per
/// evaluation ("epoch"), after a linear warm-up counted in those epochs (epoch &lt;= warmup_t: warmup_lr_init + epoch
/// (base - warmup_lr_init) / warmup_t, the metric unused), with noise over noise_range_t on top of the plateau's LR
/// (removed again before the next plateau step, as timm restores it). mode defaults to 'max': timm feeds it top-1.
/// <see cref="Schedule.LearningRate"/> is the preview: warmup_lr_init while warming up is pending, else base_lr.
/// </summary>
public sealed class PlateauLRScheduler(ReduceLROnPlateauOptions plateau, long warmupT, double warmupLrInit, TimmTimeline noise) : AdaptiveSchedule
{
    /// <summary>The plateau logic's settings (no warm-up of its own: timm's is counted in epochs).</summary>
    public ReduceLROnPlateauOptions Plateau { get; } = plateau;

    /// <inheritdoc />
    public override double LearningRate(long step) => warmupT > 0 ? warmupLrInit : Plateau.BaseLr;

    /// <inheritdoc />
    public override IAdaptiveController Start() => new PlateauLRSchedulerController(Plateau, warmupT, warmupLrInit, noise);
}
