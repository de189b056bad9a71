namespace LRBench.Schedules.Composition;

/// <summary>
/// Multiplicative seeded noise, lr (1 + n) with n drawn per step from a generator seeded by (seed, step) so a resumed
/// run sees the same noise (timm's scheme; the draws differ from torch's generator). Normal draws are resampled until
/// |n| &lt; pct; uniform draws are in (-pct, pct). Applied only for start &lt;= t &lt; end.
/// </summary>
public sealed class Noise(Schedule inner, double pct, long seed, bool normal = true, long start = 0, long end = long.MaxValue) : Schedule
{
    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double lr = inner.LearningRate(step);
        if (step < start || step >= end) return lr;
        return lr * (1 + Draw(seed, step, pct, normal));
    }

    /// <inheritdoc />
    public override double? Momentum(long step) => inner.Momentum(step);

    internal static double Draw(long seed, long step, double pct, bool normal)
    {
        // SplitMix64 keyed by (seed, step): the same on every machine and process (System.Random's seeding and
        // HashCode are not guaranteed stable across runtimes).
        ulong state = unchecked(((ulong)seed * 0xD1B54A32D192ED03UL) ^ ((ulong)step * 0x9E3779B97F4A7C15UL));
        double NextUniform()
        {
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            ulong z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }

        if (!normal) return 2 * (NextUniform() - 0.5) * pct;
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            // Box-Muller from two uniforms in (0, 1].
            double u1 = 1.0 - NextUniform(), u2 = NextUniform();
            double n = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            if (Math.Abs(n) < pct) return n;
        }

        return 0;
    }
}
