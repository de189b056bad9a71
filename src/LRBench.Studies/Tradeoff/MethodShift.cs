using LRBench.Studies.Model.Trials;
namespace LRBench.Studies.Tradeoff;

/// <summary>
/// A method's shift against the baseline at each duration, on the standard curve and on another curve, and the cosine
/// similarity of the two shift vectors (seed 000's test: does the cheap curve move with a method as the standard does?).
/// </summary>
public sealed record MethodShift(string Method, CurveKind Curve, IReadOnlyList<double> Standard, IReadOnlyList<double> Other, double CosineSimilarity);
