namespace LRBench.Adaptive.Gp;

/// <summary>A GP's prediction of the latent curve on a grid: mean and full covariance.</summary>
public sealed record GpPrediction(double[] X, double[] Mean, double[,] Covariance)
{
    /// <summary>The grid point where the predicted mean is lowest (the first, on ties).</summary>
    public double ArgMinX
    {
        get
        {
            int best = 0;
            for (int i = 1; i < Mean.Length; i++) if (Mean[i] < Mean[best]) best = i;
            return X[best];
        }
    }

    /// <summary>
    /// AutoWU's lower bound on the probability that the curve has already passed its minimum: the largest, over
    /// earlier grid points i, of P(f_i &lt; f_k) = Phi(-(mu_i - mu_k) / sqrt(S_ii + S_kk - 2 S_ik + 1e-4)), k the last point.
    /// </summary>
    public double PastMinimumProbability
    {
        get
        {
            int k = Mean.Length - 1;
            double best = 0;
            for (int i = 0; i < k; i++)
            {
                double variance = Covariance[i, i] + Covariance[k, k] - (2 * Covariance[i, k]) + 1e-4;
                double p = Special.NormalCdf(-(Mean[i] - Mean[k]) / Math.Sqrt(Math.Max(variance, 1e-300)));
                if (p > best) best = p;
            }

            return best;
        }
    }
}

/// <summary>A <see cref="LossCurveRegressor"/>'s raw parameters (constant, raw outputscale, raw noise) and Adam's moments.</summary>
public sealed record RegressorState(double[] Theta, double[] FirstMoment, double[] SecondMoment, long AdamSteps);

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
        var r = Rbf(x, x);
        for (int it = 0; it < iterations; it++)
        {
            var g = Gradient(r, y, n);
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

    /// <summary>Gradient of -log p(y) / n with respect to (constant, raw outputscale, raw noise).</summary>
    private double[] Gradient(double[,] rbf, IReadOnlyList<double> y, int n)
    {
        double s = OutputScale, noise = Noise, c = ConstantMean;
        var k = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) k[i, j] = s * rbf[i, j];
            k[i, i] += noise;
        }

        var l = DenseMatrix.Cholesky(k) ?? throw new InvalidOperationException("the kernel matrix is not positive definite");
        var resid = new double[n];
        for (int i = 0; i < n; i++) resid[i] = y[i] - c;
        var alpha = DenseMatrix.Solve(l, resid);
        var kinv = DenseMatrix.Inverse(l);

        // d log p / d theta = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta); d log p / dc = sum(alpha).
        double dC = alpha.Sum();
        double dS = 0, dNoise = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) dS += ((alpha[i] * alpha[j]) - kinv[i, j]) * rbf[j, i];
            dNoise += (alpha[i] * alpha[i]) - kinv[i, i];
        }

        dS *= 0.5;
        dNoise *= 0.5;
        // Minimise -log p / n; chain rule through the softplus parameterisations.
        return [-dC / n, -dS * Special.Sigmoid(_theta[1]) / n, -dNoise * Special.Sigmoid(_theta[2]) / n];
    }

    /// <summary>The latent curve's posterior (no observation noise) at the grid points, conditioned on (x, y).</summary>
    public GpPrediction Predict(IReadOnlyList<double> x, IReadOnlyList<double> y, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(grid);
        int n = x.Count;
        double s = OutputScale, c = ConstantMean;
        var k = Rbf(x, x);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) k[i, j] *= s;
            k[i, i] += Noise;
        }

        var l = DenseMatrix.Cholesky(k) ?? throw new InvalidOperationException("the kernel matrix is not positive definite");
        var resid = new double[n];
        for (int i = 0; i < n; i++) resid[i] = y[i] - c;
        var alpha = DenseMatrix.Solve(l, resid);
        var cross = Rbf(grid, x); // m x n
        int m = grid.Length;
        var mean = new double[m];
        for (int g = 0; g < m; g++)
        {
            var kg = new double[n];
            for (int i = 0; i < n; i++) kg[i] = s * cross[g, i];
            double mu = c;
            for (int i = 0; i < n; i++) mu += kg[i] * alpha[i];
            mean[g] = mu;
        }

        var w = new double[m][];
        for (int g = 0; g < m; g++)
        {
            var kg = new double[n];
            for (int i = 0; i < n; i++) kg[i] = s * cross[g, i];
            w[g] = DenseMatrix.SolveLower(l, kg);
        }

        var cov = new double[m, m];
        for (int a = 0; a < m; a++)
        {
            for (int b = a; b < m; b++)
            {
                double prior = s * Math.Exp(-Sq(grid[a] - grid[b]) / (2 * _lengthScale * _lengthScale));
                double dot = 0;
                var wa = w[a];
                var wb = w[b];
                for (int i = 0; i < n; i++) dot += wa[i] * wb[i];
                cov[a, b] = cov[b, a] = prior - dot;
            }
        }

        return new GpPrediction(grid, mean, cov);
    }

    private double[,] Rbf(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var k = new double[a.Count, b.Count];
        double denom = 2 * _lengthScale * _lengthScale;
        for (int i = 0; i < a.Count; i++)
        {
            for (int j = 0; j < b.Count; j++) k[i, j] = Math.Exp(-Sq(a[i] - b[j]) / denom);
        }

        return k;
    }

    private static double Sq(double d) => d * d;
}
