using LRBench.Adaptive.Gp;

namespace LRBench.Adaptive.Tests;

/// <summary>The numerics under the GP, against known values (the GP itself is checked against the original by AutoWuReplayTests).</summary>
public sealed class NumericsTests
{
    [Fact]
    public void The_normal_cdf_matches_known_values()
    {
        Assert.Equal(0.5, Special.NormalCdf(0), 7);
        Assert.Equal(0.8413447460685429, Special.NormalCdf(1), 6);
        Assert.Equal(0.9772498680518208, Special.NormalCdf(2), 6);
        Assert.Equal(0.0013498980316301, Special.NormalCdf(-3), 7);
    }

    [Fact]
    public void Cholesky_solves_a_known_system()
    {
        double[,] a = { { 4, 2, 0.4 }, { 2, 5, 1 }, { 0.4, 1, 3 } };
        var l = DenseMatrix.Cholesky(a)!;
        var x = DenseMatrix.Solve(l, [1, 2, 3]);
        for (int i = 0; i < 3; i++)
        {
            double row = 0;
            for (int j = 0; j < 3; j++) row += a[i, j] * x[j];
            Assert.Equal(i + 1, row, 12);
        }

        Assert.Null(DenseMatrix.Cholesky(new double[,] { { 1, 2 }, { 2, 1 } })); // indefinite
    }
}
