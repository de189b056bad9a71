namespace LRBench.Schedules.Timm;

/// <summary>Options of timm's CosineLRScheduler, with timm's parameter names and defaults.</summary>
public sealed record CosineLRSchedulerOptions
{
    /// <summary>The optimizer's initial LR: the peak of the first cycle.</summary>
    public required double BaseLr { get; init; }
    /// <summary>t_initial: the length of the first cycle.</summary>
    public required double TInitial { get; init; }
    /// <summary>lr_min: the LR at the bottom of each cycle.</summary>
    public double LrMin { get; init; }
    /// <summary>cycle_mul: each cycle is this many times longer than the one before.</summary>
    public double CycleMul { get; init; } = 1;
    /// <summary>cycle_decay: each cycle's peak is this many times the one before.</summary>
    public double CycleDecay { get; init; } = 1;
    /// <summary>cycle_limit: how many cycles run before the LR stays at lr_min.</summary>
    public long CycleLimit { get; init; } = 1;
    /// <summary>warmup_t: the length of the linear warm-up.</summary>
    public long WarmupT { get; init; }
    /// <summary>warmup_lr_init: the LR the warm-up starts from.</summary>
    public double WarmupLrInit { get; init; }
    /// <summary>warmup_prefix: the cosine starts after the warm-up instead of at t = 0.</summary>
    public bool WarmupPrefix { get; init; }
    /// <summary>k_decay: bends the cosine, cos(pi t^k / T^k).</summary>
    public double KDecay { get; init; } = 1;
    /// <summary>Null: t is the update count (timm's t_in_epochs=False). Otherwise t = floor(step / steps per epoch).</summary>
    public long? StepsPerEpoch { get; init; }
    /// <summary>The first t that gets noise (noise_range_t); null: no noise.</summary>
    public double? NoiseStart { get; init; }
    /// <summary>The t where noise stops (exclusive); null: to the end.</summary>
    public double? NoiseEnd { get; init; }
    /// <summary>noise_pct: the noise's bound, as a fraction of the LR.</summary>
    public double NoisePct { get; init; } = 0.67;
    /// <summary>noise_type 'normal' (true) or 'uniform' (false).</summary>
    public bool NoiseNormal { get; init; } = true;
    /// <summary>noise_seed: the noise of each t is drawn from this seed and t.</summary>
    public long NoiseSeed { get; init; } = 42;
}
