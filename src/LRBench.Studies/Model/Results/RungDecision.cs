namespace LRBench.Studies.Model.Results;

/// <summary>
/// What a pruner decided for a trial at a rung, recorded in the store. Continue and stop never change; pause (promotion-based
/// ASHA) is the one decision that does: to continue when the trial is promoted, to stop when the study ends without it.
/// </summary>
public enum RungDecision
{
    /// <summary>The trial goes on to the next rung (or to its end).</summary>
    Continue,

    /// <summary>The trial stops here and is recorded as pruned; its evaluations so far are kept.</summary>
    Stop,

    /// <summary>The trial waits at this rung with its checkpoint until it is promoted (continue) or the study ends (stop).</summary>
    Pause,
}
