namespace LRBench.Studies.Model.Results;

/// <summary>What a pruner decided for a trial at a rung; recorded once in the store and never changed.</summary>
public enum RungDecision
{
    /// <summary>The trial goes on to the next rung (or to its end).</summary>
    Continue,

    /// <summary>The trial stops here and is recorded as pruned; its evaluations so far are kept.</summary>
    Stop,
}
