namespace LRBench.Schedules.Shapes;

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
