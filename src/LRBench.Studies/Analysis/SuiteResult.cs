using LRBench.Studies.Model.Suites;

namespace LRBench.Studies.Analysis;

/// <summary>
/// A suite scored across its workloads: each workload's outcome, the performance profiles of time-to-target in steps
/// and in seconds, and the Friedman test of the policies' ranks with Nemenyi's critical difference. Profiles and the
/// test use the complete workloads only.
/// </summary>
/// <param name="Suite">The suite.</param>
/// <param name="PolicyNames">The policies compared, as the suite names them (with the method set when the suite has several).</param>
/// <param name="Workloads">Every workload, complete or not.</param>
/// <param name="StepProfiles">Performance profiles of steps to target, one per policy; empty when no workload is complete.</param>
/// <param name="SecondProfiles">The same for training seconds (noisier on a shared machine; steps are the primary score).</param>
/// <param name="Ranks">The Friedman test over the complete workloads; null with fewer than 2 of them.</param>
public sealed record SuiteResult(
    SuiteDefinition Suite, IReadOnlyList<string> PolicyNames, IReadOnlyList<WorkloadOutcome> Workloads,
    IReadOnlyList<PerformanceProfile> StepProfiles, IReadOnlyList<PerformanceProfile> SecondProfiles, FriedmanResult? Ranks)
{
    /// <summary>Each complete workload held out and recommended for from the others (<see cref="RecommendationCheck"/>); empty with fewer than 2, or without the tasks' descriptions.</summary>
    public IReadOnlyList<HeldOutWorkload> Checks { get; init; } = [];

    /// <summary>The workloads that enter the profiles and the rank test.</summary>
    public IReadOnlyList<WorkloadOutcome> CompleteWorkloads => [.. Workloads.Where(w => w.Complete)];
}
