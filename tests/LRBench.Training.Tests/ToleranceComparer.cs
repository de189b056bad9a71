namespace LRBench.Training.Tests;

/// <summary>Numbers equal within a relative tolerance (absolute below 1), for comparing whole arrays in one assert.</summary>
internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(a));

    public int GetHashCode(double obj) => 0;
}
