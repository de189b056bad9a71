using MathNet.Numerics.Distributions;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Which differences in a ranking are real. Every setting whose seeds all completed gets a t confidence interval of
/// its mean score, and is compared with the best of them: a paired t-test over the seeds both ran when they share at
/// least 2 (a seed fixes the initial weights and the data order, so seed s of two policies differs only by the
/// policy), else Welch's t-test. The p-values are corrected for the number of comparisons by Holm's step-down
/// procedure; a setting whose corrected p-value is above α is "tied with the best". Settings with a pruned, diverged
/// or failed seed are not compared (their scores are not whole runs). With one seed nothing can be tested.
/// </summary>
public static class SeedSignificance
{
    /// <summary>The level of every ranking's tests and intervals (95 % intervals, α = 0.05 tests).</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// <paramref name="ranking"/> (in rank order) with <see cref="RankedPolicy.Interval"/> and
    /// <see cref="RankedPolicy.VersusBest"/> filled in, for the score that <paramref name="scoreOf"/> reads from a trial.
    /// </summary>
    public static IReadOnlyList<RankedPolicy> Mark(
        IReadOnlyList<RankedPolicy> ranking, Func<TrialScore, double> scoreOf, bool higherIsBetter, double alpha = Alpha)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(scoreOf);
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "must be in (0, 1)");
        var bySeed = ranking.Select(p => Comparable(p) ? SeedScores(p, scoreOf) : null).ToList();
        var result = ranking.Select((p, i) => p with
        {
            Interval = bySeed[i] is { } s ? ConfidenceInterval.OfMean(s.Values, 1 - alpha) : ConfidenceInterval.OfMean([], 1 - alpha),
            VersusBest = null,
        }).ToList();
        int best = bySeed.FindIndex(s => s is not null);
        if (best < 0) return result;
        result[best] = result[best] with { IsBest = true };

        var tests = new List<(int Index, double P, int N, bool Paired)>();
        for (int i = 0; i < ranking.Count; i++)
        {
            if (i == best || bySeed[i] is null) continue;
            if (Test(bySeed[best]!, bySeed[i]!, higherIsBetter) is { } t) tests.Add((i, t.P, t.N, t.Paired));
        }

        var holm = HolmAdjusted([.. tests.Select(t => t.P)]);
        for (int j = 0; j < tests.Count; j++)
        {
            var (index, p, n, paired) = tests[j];
            result[index] = result[index] with { VersusBest = new VersusBest(p, holm[j], n, paired, holm[j] > alpha) };
        }

        return result;
    }

    /// <summary>
    /// Holm's step-down adjustment: sorted ascending, the i-th smallest of m p-values becomes
    /// max over j ≤ i of min(1, (m − j + 1) p(j)); a hypothesis is rejected at α when its adjusted value is at most α.
    /// </summary>
    public static double[] HolmAdjusted(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    /// <summary>The two-sided p-value of a paired t-test on the differences <paramref name="differences"/> (at least 2).</summary>
    public static double PairedTTest(IReadOnlyList<double> differences) => PairedT(differences).P;

    /// <summary>
    /// The paired t-test on <paramref name="differences"/> (at least 2): its statistic t = mean / (s / √n) and two-sided
    /// p-value. Identical differences have no spread to test against: equal means (t 0, p 1) or a gap every time (t ±∞, p 0).
    /// </summary>
    public static (double T, double P) PairedT(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count < 2) throw new ArgumentException($"a paired t-test needs at least 2 pairs, got {differences.Count}");
        var d = Stat.Of([.. differences]);
        if (d.Std == 0 || d.Std < 1e-12 * Math.Abs(d.Mean)) return d.Mean == 0 ? (0, 1) : (Math.Sign(d.Mean) * double.PositiveInfinity, 0);
        double t = d.Mean / (d.Std / Math.Sqrt(d.N));
        return (t, TwoSided(t, d.N - 1));
    }

    /// <summary>The two-sided p-value of Welch's t-test of equal means (each sample at least 2 values).</summary>
    public static double WelchTTest(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException($"Welch's t-test needs at least 2 values in each sample, got {a.Count} and {b.Count}");
        var x = Stat.Of([.. a]);
        var y = Stat.Of([.. b]);
        double va = x.Std * x.Std / x.N, vb = y.Std * y.Std / y.N;
        if (va + vb == 0) return x.Mean == y.Mean ? 1 : 0;
        double t = (x.Mean - y.Mean) / Math.Sqrt(va + vb);
        double df = (va + vb) * (va + vb) / ((va * va / (x.N - 1)) + (vb * vb / (y.N - 1)));
        return TwoSided(t, df);
    }

    /// <summary>How many settings tie for first: the best and those not distinguishable from it (0 without a best).</summary>
    public static int TiedForFirst(IReadOnlyList<RankedPolicy> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return ranking.Count(p => p.IsBest || p.VersusBest is { Tied: true });
    }

    private static double TwoSided(double t, double degreesOfFreedom) =>
        Math.Min(1, 2 * (1 - StudentT.CDF(0, 1, degreesOfFreedom, Math.Abs(t))));

    private static bool Comparable(RankedPolicy p) => p.Diverged + p.Failed + p.Pruned == 0 && p.Trials.Count > 0;

    private static Dictionary<long, double>? SeedScores(RankedPolicy p, Func<TrialScore, double> scoreOf)
    {
        var scores = new Dictionary<long, double>();
        foreach (var t in p.Trials)
        {
            double v = scoreOf(t);
            if (!double.IsFinite(v)) return null; // a seed without this score (target not reached): not comparable
            scores[t.Trial.Seed] = v;
        }

        return scores;
    }

    private static (double P, int N, bool Paired)? Test(Dictionary<long, double> best, Dictionary<long, double> other, bool higherIsBetter)
    {
        var common = best.Keys.Where(other.ContainsKey).OrderBy(s => s).ToList();
        if (common.Count >= 2)
        {
            double sign = higherIsBetter ? 1 : -1;
            return (PairedTTest([.. common.Select(s => sign * (best[s] - other[s]))]), common.Count, true);
        }

        if (best.Count >= 2 && other.Count >= 2) return (WelchTTest([.. best.Values], [.. other.Values]), best.Count + other.Count, false);
        return null;
    }
}
