using MathNet.Numerics.LinearAlgebra;

namespace LRBench.Studies.Search;

/// <summary>
/// Gaussian-process regression over points in [0, 1]^d with a Matérn 5/2 kernel: the model behind the Bayesian
/// sampler. Scores are standardised; the length scale and the noise are chosen from a small grid by the log marginal
/// likelihood (a grid, not gradient steps: with a dozen points it is as good, and the same inputs always give the
/// same model). Linear algebra is MathNet.Numerics' Cholesky.
/// </summary>
internal sealed class GaussianProcess
{
    private static readonly double[] LengthScales = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2];
    private static readonly double[] Noises = [1e-6, 1e-4, 1e-2, 0.1];

    private readonly IReadOnlyList<double[]> _x;
    private readonly Vector<double> _alpha;
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> _cholesky;
    private readonly double _mean;
    private readonly double _scale;

    private GaussianProcess(IReadOnlyList<double[]> x, Vector<double> alpha, MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky, double mean, double scale, double lengthScale, double noise)
    {
        _x = x;
        _alpha = alpha;
        _cholesky = cholesky;
        _mean = mean;
        _scale = scale;
        LengthScale = lengthScale;
        Noise = noise;
    }

    /// <summary>The chosen length scale (in units of the cube's side).</summary>
    public double LengthScale { get; }

    /// <summary>The chosen noise variance (of standardised scores).</summary>
    public double Noise { get; }

    /// <summary>Fits the model to scores <paramref name="y"/> at points <paramref name="x"/> (at least one, all finite).</summary>
    public static GaussianProcess Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count) throw new ArgumentException("one score per point, at least one point");
        if (y.Any(v => !double.IsFinite(v))) throw new ArgumentException("scores must be finite");
        double mean = y.Average();
        double sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Count);
        double scale = sd > 1e-12 ? sd : 1;
        var target = Vector<double>.Build.DenseOfEnumerable(y.Select(v => (v - mean) / scale));
        GaussianProcess? best = null;
        double bestLikelihood = double.NegativeInfinity;
        foreach (double l in LengthScales)
        {
            foreach (double noise in Noises)
            {
                var k = Matrix<double>.Build.Dense(x.Count, x.Count, (i, j) => Kernel(x[i], x[j], l) + (i == j ? noise : 0));
                var cholesky = k.Cholesky(); // the noise keeps it positive definite
                var alpha = cholesky.Solve(target);
                double likelihood = (-0.5 * target.DotProduct(alpha)) - (0.5 * cholesky.DeterminantLn);
                if (double.IsFinite(likelihood) && likelihood > bestLikelihood)
                {
                    bestLikelihood = likelihood;
                    best = new GaussianProcess(x, alpha, cholesky, mean, scale, l, noise);
                }
            }
        }

        return best ?? throw new InvalidOperationException("no length scale gave a usable model");
    }

    /// <summary>The predicted score at a point and its standard deviation (without the noise), in the scores' units.</summary>
    public (double Mean, double Std) Predict(double[] point)
    {
        var k = Vector<double>.Build.Dense(_x.Count, i => Kernel(point, _x[i], LengthScale));
        double mean = k.DotProduct(_alpha);
        double variance = Math.Max(1e-12, 1 - k.DotProduct(_cholesky.Solve(k)));
        return (_mean + (_scale * mean), _scale * Math.Sqrt(variance));
    }

    /// <summary>Matérn 5/2 with unit variance: (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r), r the distance over the length scale.</summary>
    internal static double Kernel(double[] a, double[] b, double lengthScale)
    {
        double d2 = 0;
        for (int i = 0; i < a.Length; i++) d2 += (a[i] - b[i]) * (a[i] - b[i]);
        double r = Math.Sqrt(d2) / lengthScale;
        double s = Math.Sqrt(5) * r;
        return (1 + s + (5.0 / 3.0 * r * r)) * Math.Exp(-s);
    }

    /// <summary>
    /// Expected improvement over <paramref name="best"/> for a higher-is-better score: E[max(0, f - best - xi)] for
    /// f ~ N(mean, std^2), (mean - best - xi) Phi(z) + std phi(z) with z = (mean - best - xi) / std.
    /// </summary>
    internal static double ExpectedImprovement(double mean, double std, double best, double xi)
    {
        double gain = mean - best - xi;
        if (std <= 0) return Math.Max(0, gain);
        double z = gain / std;
        return (gain * MathNet.Numerics.Distributions.Normal.CDF(0, 1, z)) + (std * MathNet.Numerics.Distributions.Normal.PDF(0, 1, z));
    }
}
