namespace LRBench.Adaptive.Gp;

/// <summary>
/// The little dense linear algebra a GP over a few hundred points needs: a symmetric positive definite matrix's
/// Cholesky factor, triangular solves and the inverse from the factor. Row-major double arrays; O(n^3) is fine at n = 500.
/// </summary>
internal static class DenseMatrix
{
    /// <summary>Lower-triangular L with L L^T = A, or null when A is not positive definite.</summary>
    public static double[,]? Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double d = a[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            if (!(d > 0)) return null;
            double ljj = Math.Sqrt(d);
            l[j, j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / ljj;
            }
        }

        return l;
    }

    /// <summary>Solves L x = b (forward substitution).</summary>
    public static double[] SolveLower(double[,] l, double[] b)
    {
        int n = b.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i, k] * x[k];
            x[i] = s / l[i, i];
        }

        return x;
    }

    /// <summary>Solves L^T x = b (back substitution).</summary>
    public static double[] SolveUpperTransposed(double[,] l, double[] b)
    {
        int n = b.Length;
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }

        return x;
    }

    /// <summary>A^-1 b from A's Cholesky factor.</summary>
    public static double[] Solve(double[,] l, double[] b) => SolveUpperTransposed(l, SolveLower(l, b));

    /// <summary>A^-1 from A's Cholesky factor.</summary>
    public static double[,] Inverse(double[,] l)
    {
        int n = l.GetLength(0);
        var inv = new double[n, n];
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            var col = Solve(l, e);
            for (int i = 0; i < n; i++) inv[i, j] = col[i];
        }

        return inv;
    }
}

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
