using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MathNet.Numerics.RootFinding;

namespace LRBench.Studies.Analysis;

/// <summary>
/// The studentized range of k standard normal values with infinite degrees of freedom: the distribution behind
/// Nemenyi's critical difference (Demšar 2006). P(range ≤ q) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^(k−1) dz, integrated
/// numerically; quantiles by root finding. Tested against Demšar's table of q_α.
/// </summary>
public static class StudentizedRange
{
    /// <summary>The most values whose range is computed (a study ranks at most a few hundred policies).</summary>
    public const int MaxValues = 1000;

    /// <summary>P(range of <paramref name="k"/> standard normals ≤ <paramref name="q"/>).</summary>
    public static double Cdf(double q, int k)
    {
        CheckK(k);
        if (!(q > 0)) return 0;
        if (double.IsPositiveInfinity(q)) return 1;
        double Integrand(double z)
        {
            double inner = Normal.CDF(0, 1, z) - Normal.CDF(0, 1, z - q);
            return inner <= 0 ? 0 : Normal.PDF(0, 1, z) * Math.Pow(inner, k - 1);
        }

        // The integrand lives where z is within a few units of [0, q]; beyond ±9 it is below 1e-18.
        double p = k * GaussLegendreRule.Integrate(Integrand, -9, q + 9, 1024);
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>The q with P(range ≤ q) = <paramref name="probability"/>.</summary>
    public static double Quantile(double probability, int k)
    {
        CheckK(k);
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in (0, 1)");
        return Brent.FindRoot(q => Cdf(q, k) - probability, 1e-9, 40, 1e-12, 200);
    }

    /// <summary>
    /// Nemenyi's q_α for <paramref name="k"/> policies: the (1 − α) quantile of the studentized range divided by √2,
    /// as tabled by Demšar (2006, Table 5a).
    /// </summary>
    public static double NemenyiQ(int k, double alpha) => Quantile(1 - alpha, k) / Math.Sqrt(2);

    private static void CheckK(int k)
    {
        if (k < 2 || k > MaxValues) throw new ArgumentOutOfRangeException(nameof(k), k, $"the range needs 2 to {MaxValues} values");
    }
}
