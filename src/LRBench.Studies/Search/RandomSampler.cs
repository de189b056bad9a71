using LRBench.Schedules;

namespace LRBench.Studies.Search;

/// <summary>
/// Independent uniform draws (log-uniform for log ranges) from one seeded stream per (seed, setting index), so the
/// same study draws the same settings on every machine and after a resume. A random search draws all its settings
/// when the study file is read; a gp search draws its first <c>initial</c> settings the same way.
/// </summary>
public sealed class RandomSampler : ISampler
{
    /// <summary>Its registration: <c>search: {sampler: random, trials: N, seed: S, space: {...}}</c>.</summary>
    public static SamplerType Type { get; } = new("random", ProposesWhileRunning: false, new RandomSampler());

    /// <summary>The <paramref name="index"/>-th draw of a search seeded <paramref name="seed"/>: one number in [0, 1) per dimension.</summary>
    public static double[] UnitPoint(long seed, int index, int dimensions)
    {
        var rng = SeededRandom.For(seed, "random-search", index);
        return [.. Enumerable.Range(0, dimensions).Select(_ => rng.NextDouble())];
    }

    /// <inheritdoc/>
    public double[]? Propose(SearchHistory history, Func<double[], bool> accept)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(accept);
        var space = history.Search.Space;
        // A refused draw (a duplicate, a spec that does not compile) moves on to the next stream.
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            var unit = UnitPoint(history.Search.Seed, history.Index + (attempt * 1_000_003), space.Count);
            double[] values = [.. space.Select((p, i) => p.FromUnit(unit[i]))];
            if (accept(values)) return values;
        }

        return null;
    }
}
