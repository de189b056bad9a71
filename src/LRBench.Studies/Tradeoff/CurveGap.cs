using LRBench.Studies.Model.Trials;
namespace LRBench.Studies.Tradeoff;

/// <summary>
/// A curve's accuracy minus the standard curve's at each duration, for one method (percentage points, mean over
/// seeds), and the sample standard deviation of that gap over the seeds that have both points (paired: each seed's
/// curve against the same seed's standard curve; NaN with one seed).
/// </summary>
public sealed record CurveGap(string Method, CurveKind Curve, IReadOnlyList<double> Gaps, IReadOnlyList<double>? GapStds = null)
{
    public double Mean => Gaps.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    public double MaxAbsolute => Gaps.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(double.NaN).Max();
}
