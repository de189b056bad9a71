using System.Globalization;
using LRBench.Studies.Analysis;
using MathNet.Numerics.Distributions;

namespace LRBench.Studies.Racing;

/// <summary>
/// The statistics of one racing round, on entrants' scores by seed (higher better). Entrants with a broken seed
/// leave first; the rest are compared over the seeds they all share:
/// <list type="bullet">
/// <item><c>t-holm</c>: each against the best mean by a paired t-test, Holm-corrected over the comparisons (what every
/// ranking uses, <see cref="SeedSignificance"/>);</item>
/// <item><c>friedman</c>: F-Race (Birattari et al. 2002): Friedman's test with the seeds as blocks; when it rejects,
/// each entrant whose rank sum exceeds the best's by more than Conover's critical difference leaves.</item>
/// </list>
/// With fewer than 2 shared seeds nothing is tested and every unbroken entrant continues.
/// </summary>
public static class RaceTest
{
    /// <summary>The verdict on every entrant, in their order.</summary>
    public static IReadOnlyList<RaceVerdict> Judge(IReadOnlyList<RaceEntrant> entrants, string test, double alpha)
    {
        ArgumentNullException.ThrowIfNull(entrants);
        ArgumentNullException.ThrowIfNull(test);
        var verdicts = entrants.ToDictionary(e => e.Setting, e => e.Broken is { } why
            ? new RaceVerdict(e.Setting, true, double.NaN, double.NaN, why)
            : new RaceVerdict(e.Setting, false, double.NaN, double.NaN, "not tested"));
        var alive = entrants.Where(e => e.Broken is null).ToList();
        var seeds = alive.Count == 0 ? [] : alive.Select(e => e.Scores.Keys).Aggregate((a, b) => [.. a.Intersect(b)]).Order().ToList();
        if (alive.Count < 2 || seeds.Count < 2)
        {
            string why = alive.Count < 2 ? "the only setting left" : $"{seeds.Count} seed in common: nothing to test yet";
            foreach (var e in alive) verdicts[e.Setting] = verdicts[e.Setting] with { Reason = why };
            return [.. entrants.Select(e => verdicts[e.Setting])];
        }

        var judged = test switch
        {
            "t-holm" => PairedHolm(alive, seeds, alpha),
            "friedman" => Friedman(alive, seeds, alpha),
            _ => throw new ArgumentException($"unknown race test '{test}'; known: t-holm, friedman", nameof(test)),
        };
        foreach (var v in judged) verdicts[v.Setting] = v;
        return [.. entrants.Select(e => verdicts[e.Setting])];
    }

    private static List<RaceVerdict> PairedHolm(List<RaceEntrant> alive, List<long> seeds, double alpha)
    {
        var best = alive.OrderByDescending(e => seeds.Average(s => e.Scores[s])).First();
        var others = alive.Where(e => e != best).ToList();
        var tests = others.Select(e => SeedSignificance.PairedT([.. seeds.Select(s => best.Scores[s] - e.Scores[s])])).ToList();
        var holm = SeedSignificance.HolmAdjusted([.. tests.Select(t => t.P)]);
        var verdicts = new List<RaceVerdict> { new(best.Setting, false, double.NaN, double.NaN, $"the best mean over {seeds.Count} seeds") };
        for (int i = 0; i < others.Count; i++)
        {
            bool worse = holm[i] <= alpha;
            string p = PValueText.Of(holm[i]);
            verdicts.Add(new RaceVerdict(others[i].Setting, worse, tests[i].T, holm[i], worse
                ? $"worse than {best.Label} (paired t = {F(tests[i].T)} over {seeds.Count} seeds, Holm {p})"
                : $"not distinguishable from {best.Label} (paired t = {F(tests[i].T)}, Holm {p})"));
        }

        return verdicts;
    }

    private static List<RaceVerdict> Friedman(List<RaceEntrant> alive, List<long> seeds, double alpha)
    {
        var f = FriedmanConover(alive.Select(e => (IReadOnlyList<double>)[.. seeds.Select(s => e.Scores[s])]).ToList(), alpha);
        int best = Enumerable.Range(0, alive.Count).MinBy(j => f.RankSums[j]);
        var verdicts = new List<RaceVerdict>();
        for (int j = 0; j < alive.Count; j++)
        {
            string sums = $"rank sum {F(f.RankSums[j])} against the best's {F(f.RankSums[best])}";
            if (j == best) verdicts.Add(new RaceVerdict(alive[j].Setting, false, f.T, f.P, $"the best rank sum over {seeds.Count} seeds (Friedman T = {F(f.T)}, {PValueText.Of(f.P)})"));
            else if (f.P > alpha) verdicts.Add(new RaceVerdict(alive[j].Setting, false, f.T, f.P, $"Friedman finds no difference (T = {F(f.T)}, {PValueText.Of(f.P)})"));
            else
            {
                bool worse = f.RankSums[j] - f.RankSums[best] > f.CriticalDifference;
                verdicts.Add(new RaceVerdict(alive[j].Setting, worse, f.T, f.P, worse
                    ? $"worse than {alive[best].Label}: {sums} exceeds it by more than Conover's {F(f.CriticalDifference)} (Friedman T = {F(f.T)}, {PValueText.Of(f.P)})"
                    : $"not distinguishable from {alive[best].Label}: {sums}, within Conover's {F(f.CriticalDifference)}"));
            }
        }

        return verdicts;
    }

    /// <summary>
    /// Friedman's test in Conover's form (1999), as F-Race uses it, on <paramref name="scores"/>[setting][block]
    /// (higher better; rank 1 is the best in each block, ties share their mean rank):
    /// T = (k − 1) Σ_j (R_j − b(k + 1)/2)² / (A − b k (k + 1)² / 4), A = Σ R_ij², against χ²(k − 1); and the critical
    /// difference of two rank sums, t(1 − α/2, (b − 1)(k − 1)) · √(2b (A − b k (k + 1)²/4) (1 − T / (b (k − 1))) / ((b − 1)(k − 1))).
    /// </summary>
    public static FriedmanConoverResult FriedmanConover(IReadOnlyList<IReadOnlyList<double>> scores, double alpha)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int k = scores.Count, b = k == 0 ? 0 : scores[0].Count;
        if (k < 2 || b < 2 || scores.Any(s => s.Count != b)) throw new ArgumentException($"Friedman's test needs 2 or more settings with the same 2 or more blocks, got {k} settings");
        var sums = new double[k];
        double a = 0;
        for (int i = 0; i < b; i++)
        {
            var ranks = FriedmanTest.Ranks([.. scores.Select(s => s[i])], higherIsBetter: true);
            for (int j = 0; j < k; j++)
            {
                sums[j] += ranks[j];
                a += ranks[j] * ranks[j];
            }
        }

        double c = b * k * (k + 1.0) * (k + 1.0) / 4;
        if (a - c <= 1e-12) return new FriedmanConoverResult(sums, 0, 1, double.PositiveInfinity); // every block tied throughout
        double t = (k - 1) * sums.Sum(r => (r - (b * (k + 1.0) / 2)) * (r - (b * (k + 1.0) / 2))) / (a - c);
        double p = 1 - ChiSquared.CDF(k - 1, t);
        double df = (b - 1.0) * (k - 1.0);
        double spread = Math.Max(0, 1 - (t / (b * (k - 1.0))));
        double cd = StudentT.InvCDF(0, 1, df, 1 - (alpha / 2)) * Math.Sqrt(2 * b * (a - c) * spread / df);
        return new FriedmanConoverResult(sums, t, p, cd);
    }


    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
