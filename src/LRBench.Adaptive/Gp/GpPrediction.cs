namespace LRBench.Adaptive.Gp;

/// <summary>
/// A GP's prediction of the latent curve on a grid: the mean, each point's variance, and each point's covariance with
/// the last point ("now"), which is all AutoWU's test reads of the covariance matrix (seed 002).
/// </summary>
public sealed record GpPrediction(double[] X, double[] Mean, double[] Variance, double[] CovarianceWithLast)
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
                double variance = Variance[i] + Variance[k] - (2 * CovarianceWithLast[i]) + 1e-4;
                double p = Special.NormalCdf(-(Mean[i] - Mean[k]) / Math.Sqrt(Math.Max(variance, 1e-300)));
                if (p > best) best = p;
            }

            return best;
        }
    }
}
