namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.ReduceLROnPlateau as an adaptive policy: each reading of the watched metric counts as
/// one scheduler step (torch/optim/lr_scheduler.py: is_better with mode min/max and threshold_mode rel/abs; a bad
/// step resets during cooldown; after more than <c>patience</c> bad steps each group's LR becomes max(lr factor,
/// min_lr[group]) when that lowers it by more than eps, and cooldown starts). Optionally a linear warm-up first, as
/// SequentialLR([LinearLR(start_factor, total_iters=warmup), ReduceLROnPlateau], milestones=[warmup]) gives: the
/// plateau logic reads no metric before the warm-up has ended.
/// <see cref="Schedule.LearningRate"/> is the preview (the warm-up, then base_lr: the LR if nothing plateaus).
/// </summary>
public sealed class ReduceLROnPlateau(ReduceLROnPlateauOptions options) : AdaptiveSchedule
{
    /// <summary>The options it was built with.</summary>
    public ReduceLROnPlateauOptions Options { get; } = options;

    /// <inheritdoc />
    public override double LearningRate(long step) => Options.BaseLr * WarmupFactor(Options, step);

    /// <inheritdoc />
    public override IAdaptiveController Start() => new ReduceLROnPlateauController(Options);

    /// <summary>LinearLR's factor at a step of the warm-up: start + (1 - start) min(step, W) / W; 1 afterwards.</summary>
    internal static double WarmupFactor(ReduceLROnPlateauOptions o, long step) =>
        step >= o.WarmupSteps ? 1 : o.WarmupStartFactor + ((1 - o.WarmupStartFactor) * step / o.WarmupSteps);
}
