using LRBench.Studies.Model.Trials;
namespace LRBench.Studies.Tradeoff;

/// <summary>
/// What building a whole curve cost, mean over the seeds whose curve is complete: every run it needs, once. When no
/// seed's curve is complete yet, the mean of what the seeds spent so far, with <see cref="Complete"/> false.
/// </summary>
public sealed record CurveCost(string Method, CurveKind Curve, double Epochs, double Seconds, int Seeds, bool Complete = true);
