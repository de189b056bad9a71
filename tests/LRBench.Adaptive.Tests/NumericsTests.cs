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
        double[] a = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3];
        var l = (double[])a.Clone();
        Assert.True(DenseMatrix.CholeskyInPlace(l, 3));
        double[] x = [1, 2, 3];
        DenseMatrix.SolveInPlace(l, 3, x);
        for (int i = 0; i < 3; i++)
        {
            double row = 0;
            for (int j = 0; j < 3; j++) row += a[(i * 3) + j] * x[j];
            Assert.Equal(i + 1, row, 12);
        }

        Assert.False(DenseMatrix.CholeskyInPlace([1, 2, 2, 1], 2)); // indefinite
    }

    /// <summary>A random symmetric positive definite n x n matrix (B B^T + n I) and its factor.</summary>
    private static (double[] A, double[] L) Spd(int n, int seed)
    {
        var rng = new Random(seed);
        var b = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++) a[(i * n) + j] += b[(i * n) + k] * b[(j * n) + k];
            }

            a[(i * n) + i] += n;
        }

        var l = (double[])a.Clone();
        Assert.True(DenseMatrix.CholeskyInPlace(l, n));
        return (a, l);
    }

    [Fact]
    public void The_inverse_trace_and_the_many_column_solve_agree_with_column_by_column_solves()
    {
        const int n = 37, m = 11;
        var (a, l) = Spd(n, 3);
        double trace = 0;
        for (int j = 0; j < n; j++)
        {
            var e = new double[n];
            e[j] = 1;
            DenseMatrix.SolveInPlace(l, n, e); // column j of A^-1
            trace += e[j];
        }

        Assert.Equal(trace, DenseMatrix.InverseTrace(l, n), 10);

        var rng = new Random(4);
        var b = Enumerable.Range(0, n * m).Select(_ => rng.NextDouble()).ToArray();
        var many = (double[])b.Clone();
        DenseMatrix.SolveLowerRowsInPlace(l, n, many, m);
        for (int c = 0; c < m; c++)
        {
            var column = Enumerable.Range(0, n).Select(i => b[(i * m) + c]).ToArray();
            DenseMatrix.SolveLowerInPlace(l, n, column);
            for (int i = 0; i < n; i++) Assert.Equal(column[i], many[(i * m) + c], 10);
        }

        _ = a;
    }

    [Fact]
    public void The_posterior_variance_and_covariance_with_now_match_the_textbook_formula()
    {
        // Sigma = K(g, g) - K(g, x) (K(x, x) + v I)^-1 K(x, g), computed here with explicit inverses.
        var gp = new LossCurveRegressor(lengthScale: 0.2, initialNoise: 1e-2, initialOutputScale: 0.5);
        var rng = new Random(7);
        double[] x = [.. Enumerable.Range(0, 40).Select(i => i / 40.0)];
        double[] y = [.. x.Select(v => Math.Pow(v - 0.6, 2) + (0.05 * rng.NextDouble()))];
        gp.ResetMean(y.Average());
        double[] grid = [.. Enumerable.Range(0, 25).Select(i => i / 24.0)];
        var p = gp.Predict(x, y, grid);

        double s = gp.OutputScale, v = gp.Noise, ls = gp.LengthScale;
        double K(double a, double b) => s * Math.Exp(-Math.Pow(a - b, 2) / (2 * ls * ls));
        int n = x.Length;
        var kxx = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) kxx[(i * n) + j] = K(x[i], x[j]) + (i == j ? v : 0);
        }

        Assert.True(DenseMatrix.CholeskyInPlace(kxx, n));
        int last = grid.Length - 1;
        var solvedLast = x.Select(xi => K(xi, grid[last])).ToArray();
        DenseMatrix.SolveInPlace(kxx, n, solvedLast);
        for (int g = 0; g < grid.Length; g++)
        {
            var kg = x.Select(xi => K(xi, grid[g])).ToArray();
            var solved = (double[])kg.Clone();
            DenseMatrix.SolveInPlace(kxx, n, solved);
            double variance = K(grid[g], grid[g]) - kg.Zip(solved, (a, b) => a * b).Sum();
            double withLast = K(grid[g], grid[last]) - kg.Zip(solvedLast, (a, b) => a * b).Sum();
            var alpha = y.Select(yi => yi - gp.ConstantMean).ToArray();
            DenseMatrix.SolveInPlace(kxx, n, alpha);
            double mean = gp.ConstantMean + kg.Zip(alpha, (a, b) => a * b).Sum();
            Assert.Equal(mean, p.Mean[g], 10);
            Assert.Equal(variance, p.Variance[g], 10);
            Assert.Equal(withLast, p.CovarianceWithLast[g], 10);
        }

        Assert.Equal(p.Variance[last], p.CovarianceWithLast[last], 12);
    }
}
