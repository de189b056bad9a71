namespace LRBench.Adaptive.Gp;

using System.Numerics.Tensors;

/// <summary>
/// The little dense linear algebra a GP over a few hundred points needs, on flat row-major arrays so that every
/// inner loop is a contiguous dot product or axpy (TensorPrimitives vectorises them): a symmetric positive definite
/// matrix's Cholesky factor in place, triangular solves for one or many right-hand sides, and the squared Frobenius
/// norm of the inverse factor.
/// </summary>
internal static class DenseMatrix
{
    /// <summary>
    /// Overwrites the lower triangle of the n x n matrix <paramref name="a"/> with L, L L^T = A (row-oriented
    /// Cholesky: element (i, j) is a dot product of rows i and j). False when A is not positive definite.
    /// </summary>
    public static bool CholeskyInPlace(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            var rowJ = a.Slice(j * n, j);
            double d = a[(j * n) + j] - TensorPrimitives.Dot(rowJ, rowJ);
            if (!(d > 0)) return false;
            double ljj = Math.Sqrt(d);
            a[(j * n) + j] = ljj;
            for (int i = j + 1; i < n; i++)
                a[(i * n) + j] = (a[(i * n) + j] - TensorPrimitives.Dot(a.Slice(i * n, j), rowJ)) / ljj;
        }

        return true;
    }

    /// <summary>Solves L x = b in place (forward substitution; L lower, n x n, flat).</summary>
    public static void SolveLowerInPlace(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
            b[i] = (b[i] - TensorPrimitives.Dot(l.Slice(i * n, i), b[..i])) / l[(i * n) + i];
    }

    /// <summary>Solves L^T x = b in place (back substitution by rows of L: once x_i is known, it leaves the earlier equations).</summary>
    public static void SolveUpperTransposedInPlace(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            b[i] /= l[(i * n) + i];
            TensorPrimitives.MultiplyAdd(l.Slice(i * n, i), -b[i], b[..i], b[..i]);
        }
    }

    /// <summary>A^-1 b from A's Cholesky factor, in place.</summary>
    public static void SolveInPlace(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        SolveLowerInPlace(l, n, b);
        SolveUpperTransposedInPlace(l, n, b);
    }

    /// <summary>Solves L X = B in place for B with n rows of m columns (flat): row i of X is row i of B minus earlier rows of X, over L_ii.</summary>
    /// <remarks>
    /// Rows are done in blocks of four: each finished row k is read once per block while it sits in the L1 cache,
    /// instead of once per row (the solve is memory-bound: it halved the time of a 500-point prediction).
    /// </remarks>
    public static void SolveLowerRowsInPlace(ReadOnlySpan<double> l, int n, Span<double> b, int m)
    {
        const int block = 4;
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            for (int k = 0; k < i0; k++)
            {
                var rowK = b.Slice(k * m, m);
                for (int i = i0; i < i1; i++)
                {
                    var row = b.Slice(i * m, m);
                    TensorPrimitives.MultiplyAdd(rowK, -l[(i * n) + k], row, row);
                }
            }

            for (int i = i0; i < i1; i++)
            {
                var row = b.Slice(i * m, m);
                for (int k = i0; k < i; k++) TensorPrimitives.MultiplyAdd(b.Slice(k * m, m), -l[(i * n) + k], row, row);
                TensorPrimitives.Divide(row, l[(i * n) + i], row);
            }
        }
    }

    /// <summary>trace(A^-1) = ||L^-1||_F^2, from A's Cholesky factor (L^-1 is lower triangular: row i has i + 1 entries).</summary>
    public static double InverseTrace(ReadOnlySpan<double> l, int n)
    {
        var w = new double[n * n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var row = w.AsSpan(i * n, i + 1);
            row[i] = 1;
            for (int k = 0; k < i; k++) TensorPrimitives.MultiplyAdd(w.AsSpan(k * n, k + 1), -l[(i * n) + k], row[..(k + 1)], row[..(k + 1)]);
            TensorPrimitives.Divide(row, l[(i * n) + i], row);
            sum += TensorPrimitives.Dot(row, row);
        }

        return sum;
    }
}
