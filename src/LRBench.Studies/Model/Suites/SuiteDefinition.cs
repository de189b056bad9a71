namespace LRBench.Studies.Model.Suites;

/// <summary>
/// A suite: the same policies run on several workloads (each a study of its own in one store), so that they can be
/// scored across workloads. A policy is the same entry on every workload; its range-test placeholders ($k0, $k1,
/// $minimum, ...) are resolved per workload by that workload's range test, which is the suite's LR rule.
/// </summary>
public sealed record SuiteDefinition
{
    /// <summary>The suite's name; its workloads' studies are called <c>NAME.WORKLOAD</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The workloads, in the file's order.</summary>
    public required IReadOnlyList<SuiteWorkload> Workloads { get; init; }

    /// <summary>
    /// The policies compared, as written in the suite (placeholders unresolved), in order; the i-th is the i-th policy of
    /// every workload's study.
    /// </summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>
    /// The target of a workload that states none: this fraction of the best policy's mean score on it (a score where
    /// lower is better, a loss or bits per character, must come within best / fraction).
    /// </summary>
    public double TargetOfBest { get; init; } = DefaultTargetOfBest;

    /// <summary>The performance profiles' τ_max: their area is taken over [1, τ_max] (AlgoPerf uses 4).</summary>
    public double TauMax { get; init; } = DefaultTauMax;

    /// <summary>The file the suite came from (for messages, and where its store and outputs go by default).</summary>
    public string? SourcePath { get; init; }

    /// <summary>The target fraction when the file gives none.</summary>
    public const double DefaultTargetOfBest = 0.99;

    /// <summary>τ_max when the file gives none.</summary>
    public const double DefaultTauMax = 4;

    /// <summary>The study name of one workload of a suite.</summary>
    public static string StudyNameOf(string suite, string workload) => $"{suite}.{workload}";
}
