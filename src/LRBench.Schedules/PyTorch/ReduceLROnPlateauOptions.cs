namespace LRBench.Schedules.PyTorch;

/// <summary>ReduceLROnPlateau's settings, with PyTorch's names and defaults, plus what it watches and an optional warm-up.</summary>
public sealed record ReduceLROnPlateauOptions
{
    /// <summary>The optimizer's initial LR.</summary>
    public required double BaseLr { get; init; }

    /// <summary>mode: true for 'max' (accuracy: higher is better), false for 'min' (losses).</summary>
    public bool MaxMode { get; init; }

    /// <summary>factor: the LR is multiplied by it on a plateau; in [0, 1).</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>patience: bad readings allowed before the LR is reduced (it is reduced after patience + 1).</summary>
    public long Patience { get; init; } = 10;

    /// <summary>threshold: how much better a reading must be to count as an improvement.</summary>
    public double Threshold { get; init; } = 1e-4;

    /// <summary>threshold_mode: true for 'rel' (a fraction of the best), false for 'abs'.</summary>
    public bool RelativeThreshold { get; init; } = true;

    /// <summary>cooldown: readings after a reduction during which bad readings are not counted.</summary>
    public long Cooldown { get; init; }

    /// <summary>min_lr: one lower bound for every param group, or one per group.</summary>
    public IReadOnlyList<double> MinLr { get; init; } = [0];

    /// <summary>eps: a reduction smaller than this is not applied.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>What it watches.</summary>
    public MetricSource Source { get; init; } = MetricSource.ValidationLoss;

    /// <summary>For <see cref="MetricSource.TrainingLoss"/>: steps between readings of the smoothed training loss.</summary>
    public long Every { get; init; } = 100;

    /// <summary>For <see cref="MetricSource.TrainingLoss"/>: the smoothing of the training loss (a debiased moving average).</summary>
    public double Beta { get; init; } = 0.98;

    /// <summary>Linear warm-up steps before the plateau logic starts (0: none).</summary>
    public long WarmupSteps { get; init; }

    /// <summary>The warm-up's first LR as a fraction of base_lr (LinearLR's start_factor).</summary>
    public double WarmupStartFactor { get; init; } = 1.0 / 3;
}
