namespace LRBench.Studies.Pruning;

/// <summary>How a study stops trials early.</summary>
public enum PrunerKind
{
    /// <summary>
    /// Asynchronous successive halving (Li et al., 2020): rungs at min_resource x eta^k; a trial reaching a rung goes on
    /// only if it is in the top 1/eta of the scores recorded at that rung so far.
    /// </summary>
    Asha,

    /// <summary>
    /// The median stopping rule (Golovin et al., 2017, Vizier): at each evaluation after the warm-up, a trial stops when
    /// its score is worse than the median of the other trials' scores at that point.
    /// </summary>
    Median,
}
