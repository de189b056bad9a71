using LRBench.Schedules;

namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// How fair rungs judge a trial. A cyclic policy is judged at its last cycle end inside the rung's window (the lowest LR
/// there, with the LR rising after it): no extra compute. Any other policy, and a cyclic one whose window holds no cycle
/// end, is judged after a probe: <see cref="Anneal"/> of training forked from the rung with the LR falling linearly to
/// zero, evaluated and thrown away (seed 000's fork-and-anneal, in miniature).
/// </summary>
public sealed record FairRungs
{
    /// <summary>The probe's length (e.g. 0.1ep).</summary>
    public required Duration Anneal { get; init; }
}
