namespace LRBench.Schedules;

/// <summary>
/// A small counter-based random stream (SplitMix64). The trainer derives every random choice it makes (data order,
/// mixup pairs and weights, validation split, synthetic data) from (seed, purpose, index) so that a resumed run
/// draws exactly what an uninterrupted run would have drawn, with no generator state to save.
/// </summary>
public sealed class SeededRandom
{
    private ulong _state;

    /// <summary>A stream that starts from <paramref name="seed"/>; prefer <see cref="For"/> to derive one per purpose.</summary>
    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>A stream for one purpose and index (e.g. the shuffle of epoch 7), independent of all others.</summary>
    public static SeededRandom For(long seed, string purpose, long index)
    {
        ulong h = 1469598103934665603UL; // FNV-1a over the purpose name
        foreach (char c in purpose)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return new SeededRandom(Mix((ulong)seed ^ Mix(h ^ Mix((ulong)index))));
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n), without modulo bias.</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong bound = (ulong)n;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong x;
        do
        {
            x = NextUInt64();
        }
        while (x >= limit);
        return (int)(x % bound);
    }

    /// <summary>Standard normal (Box-Muller; one value per call, the pair's twin is dropped to stay stateless).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000), with the shape &lt; 1 boost.</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "shape must be > 0");
        if (shape < 1)
        {
            // Gamma(a) = Gamma(a + 1) * U^(1/a)
            return NextGamma(shape + 1) * Math.Pow(1.0 - NextDouble(), 1.0 / shape);
        }

        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = NextGaussian();
            double v = 1 + (c * x);
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v))) return d * v;
        }
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public double NextBeta(double a, double b)
    {
        double x = NextGamma(a);
        double y = NextGamma(b);
        return x / (x + y);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
