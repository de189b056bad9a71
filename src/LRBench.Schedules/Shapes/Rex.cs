namespace LRBench.Schedules.Shapes;

/// <summary>Which REX profile: the paper's or the widely copied reference code's.</summary>
public enum RexVariant
{
    /// <summary>Chen et al. 2022: (1 - z) / (1/2 + (1 - z)/2).</summary>
    Paper,
    /// <summary>The reference code (IvanVassi/REX_LR): (1 - z) / (0.1 + 0.9 (1 - z)), flatter early on.</summary>
    Reference,
}

/// <summary>
/// REX (Chen, Wolfe, Kyrillidis 2022) as a profile with a sampling rate: z = t / length (held at 1 after the end),
/// lr = min_lr + (max_lr - min_lr) profile(z). With samples = N &gt; 0 the profile is sampled at z = k/N and held,
/// which turns it into a step schedule (seed 001's profile x sampling-rate decomposition); 0 samples every step.
/// </summary>
public sealed class Rex(double maxLr, double minLr, double length, RexVariant variant = RexVariant.Paper, long samples = 0) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double z = Math.Min(1.0, step / length);
        if (samples > 0) z = Math.Floor(z * samples) / samples;
        return minLr + ((maxLr - minLr) * Profile(z, variant));
    }

    /// <summary>The decay profile at the fraction <paramref name="z"/> of the run (0 to 1): 1 at the start, 0 at the end.</summary>
    public static double Profile(double z, RexVariant variant)
    {
        double remaining = 1 - z;
        return variant == RexVariant.Paper
            ? remaining / (0.5 + (0.5 * remaining))
            : remaining / (0.1 + (0.9 * remaining));
    }
}

/// <summary>
/// Seed 002's decay after AutoWU's warm-up, usable on its own: constant lr until (1 - cooldown_fraction) of length,
/// then a cosine down to 0 at length (and 0 afterwards).
/// </summary>
public sealed class ConstantThenCosine(double lr, double length, double cooldownFraction = 0.2) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double cooldownStart = length * (1 - cooldownFraction);
        if (step < cooldownStart) return lr;
        if (step >= length) return 0;
        return lr * UnitShapes.CosineDecay((step - cooldownStart) / (length - cooldownStart));
    }
}

/// <summary>
/// Seed 002's exponential warm-up: eta_0 (eta_max/eta_0)^(t / length), reaching max_lr at length and holding it.
/// </summary>
public sealed class ExponentialWarmup(double minLr, double maxLr, double length) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => minLr * Math.Pow(maxLr / minLr, Math.Min(step, length) / length);
}

/// <summary>
/// The common recipe: linear warm-up from start_lr to peak_lr over warmup steps, then a cosine to min_lr at length
/// (length counts the warm-up, as optax's warmup_cosine_decay_schedule does), min_lr afterwards.
/// </summary>
public sealed class WarmupCosine(double peakLr, double warmup, double length, double minLr = 0, double startLr = 0) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        if (step < warmup) return startLr + ((peakLr - startLr) * step / warmup);
        if (step >= length) return minLr;
        return minLr + ((peakLr - minLr) * UnitShapes.CosineDecay((step - warmup) / (length - warmup)));
    }
}
