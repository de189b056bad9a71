namespace LRBench.Studies.Model.Results;

/// <summary>What a race decided for a setting after a round.</summary>
public enum RaceDecision
{
    /// <summary>Not significantly worse than the best: it gets the next seed.</summary>
    Continues,

    /// <summary>Significantly worse than the best, or a seed of it was pruned, diverged or failed: no more seeds.</summary>
    Eliminated,

    /// <summary>Still in the race when it ended (one setting left, or the seeds spent).</summary>
    Finalist,
}
