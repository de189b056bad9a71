using MathNet.Numerics.Distributions;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Ranks policies across workloads and tests whether their differences are real, as Demšar (2006) recommends for
/// comparing several methods over several data sets: Friedman's test on the ranks (Iman–Davenport's F form), and
/// Nemenyi's critical difference for the pairs.
/// </summary>
public static class FriedmanTest
{
    /// <summary>
    /// Ranks the policies (columns) within each workload (row) of <paramref name="scores"/> and tests them.
    /// <paramref name="higherIsBetter"/>: the direction of the scores (top-1: true; loss, time: false). Ties share
    /// the mean of their ranks. NaN is not allowed: give a policy that failed on a workload the worst score.
    /// </summary>
    public static FriedmanResult Run(double[,] scores, bool higherIsBetter, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int n = scores.GetLength(0), k = scores.GetLength(1);
        if (n < 2 || k < 2) throw new ArgumentException($"a Friedman test needs at least 2 workloads and 2 policies, got {n} and {k}");
        var sums = new double[k];
        for (int i = 0; i < n; i++)
        {
            var row = Enumerable.Range(0, k).Select(j => scores[i, j]).ToArray();
            if (row.Any(double.IsNaN)) throw new ArgumentException($"workload {i} has a missing (NaN) score; give failed policies the worst score");
            var ranks = Ranks(row, higherIsBetter);
            for (int j = 0; j < k; j++) sums[j] += ranks[j];
        }

        return FromMeanRanks([.. sums.Select(s => s / n)], n, alpha);
    }

    /// <summary>The test from mean ranks already computed over <paramref name="workloads"/> workloads.</summary>
    public static FriedmanResult FromMeanRanks(IReadOnlyList<double> meanRanks, int workloads, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(meanRanks);
        int k = meanRanks.Count, n = workloads;
        if (n < 2 || k < 2) throw new ArgumentException($"a Friedman test needs at least 2 workloads and 2 policies, got {n} and {k}");
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "must be in (0, 1)");
        double chi = 12.0 * n / (k * (k + 1.0)) * (meanRanks.Sum(r => r * r) - (k * (k + 1.0) * (k + 1.0) / 4));
        double denominator = (n * (k - 1.0)) - chi;
        // All workloads ranking the policies identically makes χ² its maximum N(k−1): F is then infinite, p = 0.
        double f = denominator <= 1e-12 ? double.PositiveInfinity : (n - 1.0) * chi / denominator;
        double p = double.IsPositiveInfinity(f) ? 0 : Math.Max(0, 1 - FisherSnedecor.CDF(k - 1.0, (k - 1.0) * (n - 1.0), Math.Max(0, f)));
        double cd = StudentizedRange.NemenyiQ(k, alpha) * Math.Sqrt(k * (k + 1.0) / (6.0 * n));
        return new FriedmanResult(n, meanRanks, chi, f, p, cd, alpha);
    }

    /// <summary>Ranks 1..k of one row, 1 the best; tied values share the mean of the ranks they span.</summary>
    internal static double[] Ranks(IReadOnlyList<double> values, bool higherIsBetter)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(j => higherIsBetter ? -values[j] : values[j]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double shared = ((start + 1) + (end + 1)) / 2.0;
            for (int t = start; t <= end; t++) ranks[order[t]] = shared;
            start = end + 1;
        }

        return ranks;
    }
}
