using LRBench.Schedules.Composition;

namespace LRBench.Schedules.Timm;

/// <summary>
/// What every timm scheduler shares (timm/scheduler/scheduler.py and each subclass's warm-up): the unit of t
/// (<c>t_in_epochs</c>), the linear warm-up from <c>warmup_lr_init</c> over <c>warmup_t</c>, whether the decay starts
/// after it (<c>warmup_prefix</c>), and the seeded multiplicative noise over <c>noise_range_t</c>.
/// </summary>
public sealed record TimmTimeline
{
    /// <summary>warmup_t: the length of the linear warm-up, in t units.</summary>
    public long WarmupT { get; init; }

    /// <summary>warmup_lr_init: the LR the warm-up starts from.</summary>
    public double WarmupLrInit { get; init; }

    /// <summary>warmup_prefix: the decay starts after the warm-up (t - warmup_t) instead of at t = 0.</summary>
    public bool WarmupPrefix { get; init; }

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

    /// <summary>timm's t for an optimizer step: the update count, or the epoch when t counts epochs.</summary>
    public long TOf(long step) => StepsPerEpoch is long spe ? step / spe : step;

    /// <summary>The LR at t: the warm-up towards <paramref name="warmupTarget"/> while t &lt; warmup_t, else the decay at t (shifted by the warm-up with warmup_prefix); noise on top.</summary>
    internal double At(long t, double warmupTarget, Func<double, double> decay)
    {
        double lr = t < WarmupT
            ? WarmupLrInit + (t * ((warmupTarget - WarmupLrInit) / WarmupT))
            : decay(WarmupPrefix ? t - WarmupT : t);
        return WithNoise(lr, t);
    }

    /// <summary>lr (1 + n) with n drawn for t, when t is in noise_range_t; lr otherwise.</summary>
    internal double WithNoise(double lr, long t)
    {
        bool noisy = NoiseStart is double a && t >= a && (NoiseEnd is not double b || t < b);
        return noisy ? lr * (1 + Noise.Draw(NoiseSeed, t, NoisePct, NoiseNormal)) : lr;
    }
}
