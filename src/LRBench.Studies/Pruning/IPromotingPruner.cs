using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Pruning;

/// <summary>
/// A pruner that lets trials wait at a rung instead of deciding on arrival (promotion-based ASHA): each arrival is
/// recorded as waiting, and whichever waiting trials the rule names are promoted. Like <see cref="IPruner.Decide"/>,
/// a pure function of the recorded standings.
/// </summary>
public interface IPromotingPruner : IPruner
{
    /// <summary>
    /// The waiting trials to promote from one rung (of one bracket when paired). <paramref name="settling"/> is true
    /// when nothing else can happen any more (no trial pending or running): the rule may then promote what it would
    /// otherwise leave waiting for more arrivals.
    /// </summary>
    IReadOnlyList<long> Promotions(IReadOnlyList<RungStanding> standings, bool settling);
}
