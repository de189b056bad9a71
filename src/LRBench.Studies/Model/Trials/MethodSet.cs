namespace LRBench.Studies.Model.Trials;

/// <summary>A set of training methods applied together (seed 000's comparisons); "baseline" has none.</summary>
public sealed record MethodSet(string Name, double LabelSmoothing = 0, double MixupAlpha = 0)
{
    public static MethodSet Baseline { get; } = new("baseline");
}
