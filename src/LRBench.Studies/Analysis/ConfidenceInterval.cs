namespace LRBench.Studies.Analysis;

/// <summary>
/// A two-sided confidence interval of a mean over seeds, at <see cref="Level"/> (0.95: a 95 % interval). Student's t
/// interval, mean ± t(1 − α/2, n − 1) · s / √n: the seeds are few (3 to 5), so the bootstrap, which needs many, is
/// not used. NaN bounds when there are fewer than 2 values.
/// </summary>
public readonly record struct ConfidenceInterval(double Low, double High, double Level)
{
    /// <summary>True when the interval could be computed (at least 2 values).</summary>
    public bool Exists => !double.IsNaN(Low) && !double.IsNaN(High);

    /// <summary>The t interval of the mean of <paramref name="values"/>.</summary>
    public static ConfidenceInterval OfMean(IReadOnlyCollection<double> values, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        var stat = Stat.Of(values);
        if (stat.N < 2 || double.IsNaN(stat.Mean)) return new ConfidenceInterval(double.NaN, double.NaN, level);
        double half = StudentTQuantile(1 - ((1 - level) / 2), stat.N - 1) * stat.Std / Math.Sqrt(stat.N);
        return new ConfidenceInterval(stat.Mean - half, stat.Mean + half, level);
    }

    internal static double StudentTQuantile(double p, double degreesOfFreedom) =>
        MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, p);
}
