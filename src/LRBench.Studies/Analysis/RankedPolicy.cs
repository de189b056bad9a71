namespace LRBench.Studies.Analysis;

/// <summary>One policy setting (under one method set), aggregated over its seeds.</summary>
public sealed record RankedPolicy
{
    public int Rank { get; init; }

    /// <summary>The key the ranking sorted by (<see cref="Ranking.SortKeys"/>, or "metric"): the score of <see cref="Interval"/>.</summary>
    public string SortKey { get; init; } = "top1";

    public required string Label { get; init; }

    public required string Function { get; init; }

    public required string Spec { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required string Method { get; init; }

    public int Seeds { get; init; }

    public int Diverged { get; init; }

    public int Failed { get; init; }

    /// <summary>Seeds the study's pruner stopped early: read at their best evaluation so far, and ranked after every completed setting.</summary>
    public int Pruned { get; init; }

    public Stat Top1 { get; init; }

    public Stat Top5 { get; init; }

    public Stat Ac { get; init; }

    public Stat Cd { get; init; }

    public Stat Cdac { get; init; }

    public Stat Ld { get; init; }

    /// <summary>The validation (test) loss at each seed's best evaluation: the ranking metric of tasks that are not classification.</summary>
    public Stat Loss { get; init; }

    /// <summary>The task's own metric at each seed's best evaluation, for tasks that have one (<see cref="MetricName"/>).</summary>
    public Stat Metric { get; init; }

    /// <summary>The name of the task's own metric, or null.</summary>
    public string? MetricName { get; init; }

    public Stat IterAtBest { get; init; }

    /// <summary>Mean steps and seconds to reach the target accuracy, over the seeds that reached it.</summary>
    public Stat StepsToTarget { get; init; }

    public Stat SecondsToTarget { get; init; }

    /// <summary>How many seeds reached the target.</summary>
    public int ReachedTarget { get; init; }

    public required IReadOnlyList<TrialScore> Trials { get; init; }

    /// <summary>The confidence interval of the mean of the score the ranking sorts by (<see cref="SeedSignificance"/>).</summary>
    public ConfidenceInterval Interval { get; init; } = new(double.NaN, double.NaN, 1 - SeedSignificance.Alpha);

    /// <summary>True for the setting the others are compared with: the first in rank order whose seeds all completed.</summary>
    public bool IsBest { get; init; }

    /// <summary>The comparison with the ranking's best; null for the best itself and for settings that could not be tested.</summary>
    public VersusBest? VersusBest { get; init; }
}
