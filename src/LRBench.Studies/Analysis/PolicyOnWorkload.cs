namespace LRBench.Studies.Analysis;

/// <summary>One suite policy on one workload, over its seeds.</summary>
/// <param name="Policy">Its index in <see cref="Model.Suites.SuiteDefinition.Policies"/> (times the method sets, method by method).</param>
/// <param name="Label">Its label on this workload, placeholders filled.</param>
/// <param name="Seeds">Seeds planned.</param>
/// <param name="Finished">Seeds finished (completed, diverged, failed).</param>
/// <param name="Diverged">Seeds whose loss became NaN or infinite.</param>
/// <param name="Failed">Seeds that failed (an error, not the training).</param>
/// <param name="Score">The workload's score at each seed's best evaluation (top-1, the task's metric, or the loss), over the seeds that did not fail or diverge.</param>
/// <param name="Reached">Seeds whose evaluations reached the workload's target.</param>
/// <param name="StepsToTarget">The median over seeds of the first step at which the target was reached (+∞ for a seed that never reached it; NaN while no seed has finished).</param>
/// <param name="SecondsToTarget">The same in training seconds (forward, backward and update; evaluation excluded).</param>
public sealed record PolicyOnWorkload(
    int Policy, string Label, int Seeds, int Finished, int Diverged, int Failed, Stat Score, int Reached, double StepsToTarget, double SecondsToTarget)
{
    /// <summary>True when every seed has finished.</summary>
    public bool Complete => Seeds > 0 && Finished == Seeds;

    /// <summary>True when some seed diverged or failed: the policy ranks after every policy without (as in a study's ranking).</summary>
    public bool Broken => Diverged + Failed > 0;
}
