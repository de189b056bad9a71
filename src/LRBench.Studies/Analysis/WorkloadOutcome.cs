namespace LRBench.Studies.Analysis;

/// <summary>A suite's workload as scored: its score and target, and every policy on it.</summary>
/// <param name="Name">The workload's name in the suite.</param>
/// <param name="Study">Its study's name.</param>
/// <param name="ScoreName">What is scored: "top-1", the task's metric (e.g. "bits/char"), or "validation loss".</param>
/// <param name="HigherIsBetter">The score's direction.</param>
/// <param name="Target">The target score of time-to-target (NaN while no policy has a result).</param>
/// <param name="TargetRule">How the target was set, in words.</param>
/// <param name="Policies">Every suite policy on this workload, in the suite's order.</param>
public sealed record WorkloadOutcome(
    string Name, string Study, string ScoreName, bool HigherIsBetter, double Target, string TargetRule, IReadOnlyList<PolicyOnWorkload> Policies)
{
    /// <summary>True when every policy's every seed has finished: only complete workloads enter the profiles and the rank test.</summary>
    public bool Complete => Policies.Count > 0 && Policies.All(p => p.Complete);

    /// <summary>Seeds finished and planned over all policies.</summary>
    public (int Finished, int Planned) Progress => (Policies.Sum(p => p.Finished), Policies.Sum(p => p.Seeds));
}
