using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Pruning;

/// <summary>
/// A rule that stops trials early: where it judges a run, and what it decides there. It sees only numbers (the scores
/// recorded at a rung); the runner reads and records them under the study's lock, so a pruner is a pure function
/// tested on hand-made scores.
/// </summary>
public interface IPruner
{
    /// <summary>
    /// The steps at which a run of <paramref name="totalSteps"/> is judged, each before the end (there is nothing left
    /// to save there). Empty when none fits: the study file is refused.
    /// </summary>
    /// <param name="totalSteps">The run's length.</param>
    /// <param name="minResourceSteps">The pruner's min_resource in steps (at least 1).</param>
    /// <param name="evaluationInterval">Steps between the run's regular evaluations (evaluation k at ceil(k x interval)).</param>
    IReadOnlyList<long> RungSteps(long totalSteps, double minResourceSteps, double evaluationInterval);

    /// <summary>Whether the trial goes on from this rung.</summary>
    RungDecision Decide(RungEvidence evidence);
}
