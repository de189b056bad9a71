namespace LRBench.Studies.Analysis;

/// <summary>Mean and sample standard deviation (divisor n - 1; 0 for one value) over seeds.</summary>
public readonly record struct Stat(double Mean, double Std, int N)
{
    public static Stat Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return new Stat(double.NaN, double.NaN, 0);
        double mean = values.Average();
        double std = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new Stat(mean, std, values.Count);
    }
}
