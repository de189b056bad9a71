using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Analysis;

/// <summary>One trial reduced to the paper's numbers: everything is read at its highest top-1 evaluation.</summary>
public sealed record TrialScore(
    TrialRow Trial, double Top1, double Top5, double Ac, double Cd, double Cdac, double Ld, long IterAtBest, double SecondsAtBest,
    long? StepsToTarget, double? SecondsToTarget)
{
    /// <summary>The validation (or test) loss at the best evaluation: what ranks a task that is not classification.</summary>
    public double Loss { get; init; } = double.NaN;

    /// <summary>The task's own metric at the best evaluation (NaN when the task has none).</summary>
    public double Metric { get; init; } = double.NaN;
}
