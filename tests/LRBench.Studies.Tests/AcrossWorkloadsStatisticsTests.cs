using LRBench.Studies.Analysis;
using MathNet.Numerics.Distributions;

namespace LRBench.Studies.Tests;

/// <summary>
/// Scores across workloads: Nemenyi's q from the studentized range, Friedman's test and performance profiles, against
/// Demšar's (2006) tables and worked example and against closed forms.
/// </summary>
public sealed class AcrossWorkloadsStatisticsTests
{
    // Demšar (2006), Table 5: critical values q_α of the two-tailed Nemenyi test for k = 2..10 classifiers.
    private static readonly double[] Q05 = [1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164];
    private static readonly double[] Q10 = [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920];

    [Fact]
    public void Nemenyi_q_matches_demsars_table()
    {
        for (int k = 2; k <= 10; k++)
        {
            Assert.Equal(Q05[k - 2], StudentizedRange.NemenyiQ(k, 0.05), 0.0015);
            Assert.Equal(Q10[k - 2], StudentizedRange.NemenyiQ(k, 0.10), 0.0015);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.7)]
    [InlineData(3.2)]
    public void The_range_of_two_normals_has_its_closed_form(double q)
    {
        // |Z1 − Z2| is √2 |N(0, 1)|: P(range ≤ q) = 2Φ(q/√2) − 1.
        Assert.Equal((2 * Normal.CDF(0, 1, q / Math.Sqrt(2))) - 1, StudentizedRange.Cdf(q, 2), 1e-10);
        Assert.Equal(q, StudentizedRange.Quantile(StudentizedRange.Cdf(q, 5), 5), 1e-8);
    }

    [Fact]
    public void Friedman_reproduces_demsars_worked_example()
    {
        // Demšar (2006), section 3.2.2: four variants of C4.5 on 14 data sets, mean ranks 3.143, 2.000, 2.893 and
        // 1.964; χ²_F = 9.28, F_F = 3.69 (critical value of F(3, 39) at 0.05: 2.85), CD at 0.05 = 1.25.
        var r = FriedmanTest.FromMeanRanks([3.143, 2.000, 2.893, 1.964], 14);
        Assert.Equal(9.28, r.ChiSquare, 0.01);
        Assert.Equal(3.69, r.F, 0.01);
        Assert.Equal(1.25, r.CriticalDifference, 0.005);
        Assert.True(r.Differs);
        Assert.Equal(1 - FisherSnedecor.CDF(3, 39, r.F), r.PValue, 1e-12);
        Assert.True(FisherSnedecor.InvCDF(3, 39, 0.95) is > 2.84 and < 2.86);
        // As Demšar reads it: even C4.5 is 3.143 − 1.964 = 1.179 < 1.25 behind the best, so Nemenyi separates no pair.
        Assert.Equal([0, 1, 2, 3], r.TiedWithBest());
        Assert.Equal([1, 3], FriedmanTest.FromMeanRanks([3.143, 1.5, 2.893, 1.964], 14).TiedWithBest());
    }

    [Fact]
    public void Friedman_ranks_each_workload_with_shared_ranks_for_ties()
    {
        // Three workloads, three policies; higher is better. Row ranks: [1, 2, 3], [1.5, 1.5, 3], [2, 1, 3].
        var scores = new double[,] { { 0.9, 0.8, 0.7 }, { 0.85, 0.85, 0.6 }, { 0.7, 0.75, 0.5 } };
        var r = FriedmanTest.Run(scores, higherIsBetter: true);
        Assert.Equal([1.5, 1.5, 3.0], r.MeanRanks);
        double chi = 12.0 * 3 / (3 * 4) * ((1.5 * 1.5) + (1.5 * 1.5) + 9 - (3 * 16 / 4.0));
        Assert.Equal(chi, r.ChiSquare, 1e-12);
        Assert.Equal(FriedmanTest.Run(new double[,] { { 0.1, 0.2, 0.3 }, { 0.15, 0.15, 0.4 }, { 0.3, 0.25, 0.5 } }, higherIsBetter: false).MeanRanks, r.MeanRanks);

        // Every workload ranking the policies the same way is the strongest evidence: F is infinite, p is 0.
        var same = FriedmanTest.Run(new double[,] { { 3, 2, 1 }, { 30, 20, 10 } }, higherIsBetter: true);
        Assert.Equal((0.0, double.PositiveInfinity), (same.PValue, same.F));
        Assert.Throws<ArgumentException>(() => FriedmanTest.Run(new double[,] { { 1, double.NaN }, { 1, 2 } }, true));
        Assert.Throws<ArgumentException>(() => FriedmanTest.Run(new double[,] { { 1, 2 } }, true));
    }

    [Fact]
    public void Performance_profiles_count_workloads_within_tau_of_the_fastest_and_integrate_exactly()
    {
        // Steps to target on two workloads: A is fastest on the first, B on the second, C never reaches the second.
        double?[,] times = { { 100, 300 }, { 200, 150 }, { 400, null } };
        var profiles = PerformanceProfile.Compute(["A", "B", "C"], times, tauMax: 4);
        Assert.Equal([1.0, 2.0], profiles[0].Ratios);
        Assert.Equal([2.0, 1.0], profiles[1].Ratios);
        Assert.Equal([4.0, double.PositiveInfinity], profiles[2].Ratios);
        Assert.Equal(0.5, profiles[0].At(1));
        Assert.Equal(1.0, profiles[0].At(2));
        Assert.Equal(1, profiles[2].NeverReached);
        // Area over [1, 4] / 3: A has ρ = 1/2 on [1, 2) and 1 on [2, 4]: (0.5 + 2) / 3; C only reaches ρ = 1/2 at τ = 4: 0.
        Assert.Equal(2.5 / 3, profiles[0].Area, 1e-12);
        Assert.Equal(2.5 / 3, profiles[1].Area, 1e-12);
        Assert.Equal(0, profiles[2].Area, 1e-12);
        Assert.Equal(1.0, PerformanceProfile.Compute(["only"], new double?[,] { { 5, 7 } }).Single().Area);
    }
}
