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
    /// <summary>k_decay: bends the cosine, cos(pi t^k / T^k).</summary>
    public double KDecay { get; init; } = 1;
    /// <summary>What every timm scheduler shares: warm-up, t's unit (t_in_epochs) and noise.</summary>
    public TimmTimeline Timeline { get; init; } = new();
}
