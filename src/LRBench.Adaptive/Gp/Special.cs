namespace LRBench.Adaptive.Gp;

/// <summary>Scalar functions the GP needs.</summary>
internal static class Special
{
    /// <summary>log(1 + e^x), computed without overflow.</summary>
    public static double Softplus(double x) => x > 20 ? x : double.LogP1(Math.Exp(x));

    /// <summary>The inverse of softplus: log(e^y - 1).</summary>
    public static double InverseSoftplus(double y) => y > 20 ? y : Math.Log(double.ExpM1(y));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The standard normal CDF, Phi(x) = erfc(-x / sqrt 2) / 2.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>
    /// Complementary error function with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit
    /// of erfc), ample for probabilities compared at 0.02.
    /// </summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        double poly = 0;
        for (int i = c.Length - 1; i >= 0; i--) poly = c[i] + (t * poly);
        double r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
