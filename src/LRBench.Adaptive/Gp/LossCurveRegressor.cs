using System.Buffers;
using System.Numerics.Tensors;

namespace LRBench.Adaptive.Gp;

/// <summary>
/// The Gaussian process AutoWU fits to the training-loss curve (seed 002, reference notes section 1.4): constant mean,
/// squared-exponential kernel s exp(-(x - x')^2 / (2 l^2)) with a fixed length-scale, Gaussian noise. The constant, the
/// outputscale s = softplus(a) and the noise 1e-4 + softplus(b) (GPyTorch's parameterisation and constraint) are fitted
/// by Adam on the exact negative marginal log-likelihood per data point, with analytic gradients. The Adam state
/// persists across fits, as in the original, where one regressor object lives through the whole warm-up.
/// </summary>
public sealed class LossCurveRegressor
{
    private const double NoiseFloor = 1e-4;
    private readonly double _lengthScale;
    private readonly double[] _theta; // constant mean, raw outputscale, raw noise
    private readonly double[] _m = new double[3];
    private readonly double[] _v = new double[3];
    private long _adamSteps;

    public LossCurveRegressor(double lengthScale = 0.2, double initialNoise = 1e-3, double initialOutputScale = 0.6931471805599453)
    {
        if (!(lengthScale > 0)) throw new ArgumentOutOfRangeException(nameof(lengthScale), lengthScale, "must be > 0");
        if (!(initialNoise > NoiseFloor)) throw new ArgumentOutOfRangeException(nameof(initialNoise), initialNoise, "must be > 1e-4 (the noise constraint)");
        _lengthScale = lengthScale;
        _theta = [0, Special.InverseSoftplus(initialOutputScale), Special.InverseSoftplus(initialNoise - NoiseFloor)];
    }

    public double ConstantMean => _theta[0];

    public double OutputScale => Special.Softplus(_theta[1]);

    public double Noise => NoiseFloor + Special.Softplus(_theta[2]);

    public double LengthScale => _lengthScale;

    /// <summary>The fitted hyperparameters and the optimizer's moments, enough to continue fitting exactly where it was.</summary>
    public RegressorState SaveState() => new([.. _theta], [.. _m], [.. _v], _adamSteps);

    public void RestoreState(RegressorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Theta.Length != 3 || state.FirstMoment.Length != 3 || state.SecondMoment.Length != 3 || state.AdamSteps < 0)
            throw new ArgumentException("a regressor state has 3 parameters, 3 first and 3 second moments and a step count >= 0", nameof(state));
        state.Theta.CopyTo(_theta, 0);
        state.FirstMoment.CopyTo(_m, 0);
        state.SecondMoment.CopyTo(_v, 0);
        _adamSteps = state.AdamSteps;
    }

    /// <summary>Sets the constant mean (the original resets it to the mean loss whenever data is added).</summary>
    public void ResetMean(double value) => _theta[0] = value;

    /// <summary>Fits the hyperparameters: <paramref name="iterations"/> Adam steps (lr, betas 0.9/0.999, eps 1e-8, as torch's Adam).</summary>
    public void Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, int iterations = 100, double learningRate = 0.01)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException("need at least 2 points, as many x as y");
        int n = x.Count;
        var r = new double[n * n];
        Rbf(x, x, r);
        var k = new double[n * n];
        var alpha = new double[n];
        var rAlpha = new double[n];
        for (int it = 0; it < iterations; it++)
        {
            var g = Gradient(r, y, n, k, alpha, rAlpha);
            _adamSteps++;
            const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
            for (int j = 0; j < 3; j++)
            {
                _m[j] = (b1 * _m[j]) + ((1 - b1) * g[j]);
                _v[j] = (b2 * _v[j]) + ((1 - b2) * g[j] * g[j]);
                double mHat = _m[j] / (1 - Math.Pow(b1, _adamSteps));
                double vHat = _v[j] / (1 - Math.Pow(b2, _adamSteps));
                _theta[j] -= learningRate * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
    }

    /// <summary>
    /// Gradient of -log p(y) / n with respect to (constant, raw outputscale, raw noise). With K = s R + v I and
    /// alpha = K^-1 (y - c): d/dc = sum(alpha); d/ds = (alpha^T R alpha - tr(K^-1 R)) / 2; d/dv = (alpha^T alpha - tr K^-1) / 2,
    /// and tr(K^-1 R) = (n - v tr K^-1) / s, so no inverse is formed: tr K^-1 is ||L^-1||_F^2.
    /// </summary>
    private double[] Gradient(double[] rbf, IReadOnlyList<double> y, int n, double[] k, double[] alpha, double[] rAlpha)
    {
        double s = OutputScale, noise = Noise, c = ConstantMean;
        TensorPrimitives.Multiply(rbf, s, k);
        for (int i = 0; i < n; i++) k[(i * n) + i] += noise;
        if (!DenseMatrix.CholeskyInPlace(k, n)) throw new InvalidOperationException("the kernel matrix is not positive definite");
        for (int i = 0; i < n; i++) alpha[i] = y[i] - c;
        DenseMatrix.SolveInPlace(k, n, alpha);
        for (int i = 0; i < n; i++) rAlpha[i] = TensorPrimitives.Dot(rbf.AsSpan(i * n, n), alpha);
        double traceInverse = DenseMatrix.InverseTrace(k, n);

        double dC = TensorPrimitives.Sum(alpha);
        double dS = 0.5 * (TensorPrimitives.Dot(alpha, rAlpha) - ((n - (noise * traceInverse)) / s));
        double dNoise = 0.5 * (TensorPrimitives.Dot(alpha, alpha) - traceInverse);
        // Minimise -log p / n; chain rule through the softplus parameterisations.
        return [-dC / n, -dS * Special.Sigmoid(_theta[1]) / n, -dNoise * Special.Sigmoid(_theta[2]) / n];
    }

    /// <summary>
    /// The latent curve's posterior (no observation noise) at the grid points, conditioned on (x, y): the mean, the
    /// variances and the covariances with the last grid point. With W = L^-1 K(x, grid): var_g = s - ||W_:g||^2 and
    /// cov(g, last) = k(g, last) - W_:g . W_:last, so the m x m matrix is never formed.
    /// </summary>
    public GpPrediction Predict(IReadOnlyList<double> x, IReadOnlyList<double> y, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(grid);
        int n = x.Count, m = grid.Length;
        double s = OutputScale, c = ConstantMean;
        // The two n x n-sized buffers come from a pool: fresh 2 MB arrays each prediction cost more than the
        // Cholesky factorisation (new large-object pages are faulted in and zeroed).
        double[] kBuffer = ArrayPool<double>.Shared.Rent(n * n), crossBuffer = ArrayPool<double>.Shared.Rent(n * m);
        try
        {
            var k = kBuffer.AsSpan(0, n * n);
            var cross = crossBuffer.AsSpan(0, n * m);
            Rbf(x, x, k);
            TensorPrimitives.Multiply(k, s, k);
            for (int i = 0; i < n; i++) k[(i * n) + i] += Noise;
            if (!DenseMatrix.CholeskyInPlace(k, n)) throw new InvalidOperationException("the kernel matrix is not positive definite");
            var alpha = new double[n];
            for (int i = 0; i < n; i++) alpha[i] = y[i] - c;
            DenseMatrix.SolveInPlace(k, n, alpha);

            Rbf(x, grid, cross); // n x m: row i holds k(x_i, every grid point)
            TensorPrimitives.Multiply(cross, s, cross);
            var mean = new double[m];
            Array.Fill(mean, c);
            for (int i = 0; i < n; i++) TensorPrimitives.MultiplyAdd(cross.Slice(i * m, m), alpha[i], mean, mean);

            DenseMatrix.SolveLowerRowsInPlace(k, n, cross, m); // cross becomes W
            var explained = new double[m];
            var explainedWithLast = new double[m];
            for (int i = 0; i < n; i++)
            {
                var row = cross.Slice(i * m, m);
                TensorPrimitives.MultiplyAdd(row, row, explained, explained);
                TensorPrimitives.MultiplyAdd(row, row[m - 1], explainedWithLast, explainedWithLast);
            }

            var variance = new double[m];
            var withLast = new double[m];
            double denom = 2 * _lengthScale * _lengthScale;
            for (int g = 0; g < m; g++)
            {
                variance[g] = s - explained[g];
                withLast[g] = (s * Math.Exp(-Sq(grid[g] - grid[m - 1]) / denom)) - explainedWithLast[g];
            }

            return new GpPrediction(grid, mean, variance, withLast);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(kBuffer);
            ArrayPool<double>.Shared.Return(crossBuffer);
        }
    }

    /// <summary>k(a_i, b_j) / s for every pair into <paramref name="k"/>, flat row-major (a.Count x b.Count).</summary>
    private void Rbf(IReadOnlyList<double> a, IReadOnlyList<double> b, Span<double> k)
    {
        double[] right = [.. b];
        double scale = -1 / (2 * _lengthScale * _lengthScale);
        for (int i = 0; i < a.Count; i++)
        {
            var row = k.Slice(i * right.Length, right.Length);
            TensorPrimitives.Subtract(right, a[i], row);
            TensorPrimitives.Multiply(row, row, row);
            TensorPrimitives.Multiply(row, scale, row);
            TensorPrimitives.Exp(row, row);
        }
    }

    private static double Sq(double d) => d * d;
}
