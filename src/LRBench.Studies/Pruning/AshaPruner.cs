using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Pruning;

/// <summary>
/// Asynchronous successive halving (Li et al., 2020): rungs at min_resource x eta^k. Decided on arrival, a trial
/// reaching a rung goes on only if it is in the top 1/eta of the scores recorded at that rung so far
/// (<see cref="PruningRules.Asha"/>); with <c>promotion: true</c> it waits there and is promoted once it is in the top
/// 1/eta of the rung (<see cref="PruningRules.AshaPromotions"/>).
/// </summary>
public sealed class AshaPruner(int reductionFactor) : IPromotingPruner
{
    /// <summary>Its registration: <c>pruner: {name: asha, min_resource: 1ep, reduction_factor: 3}</c>.</summary>
    public static PrunerType Type { get; } = new(
        "asha",
        [new PrunerSetting("reduction_factor", 3, 2, int.MaxValue, WholeNumber: true)],
        MinResourceRequired: true,
        d => new AshaPruner((int)d.Setting("reduction_factor")),
        (d, task) => $"asha's first rung (min_resource {d.MinResource}) is not before the end of the budget ({task.Budget}), so every trial has a single evaluation point and nothing can be pruned; give a min_resource below the budget",
        Promotes: true);

    /// <inheritdoc/>
    public IReadOnlyList<long> RungSteps(long totalSteps, double minResourceSteps, double evaluationInterval)
    {
        var steps = new List<long>();
        for (double r = minResourceSteps; r < totalSteps; r *= reductionFactor)
        {
            long step = (long)Math.Round(r);
            if (step < totalSteps && (steps.Count == 0 || step > steps[^1])) steps.Add(step);
        }

        return steps;
    }

    /// <inheritdoc/>
    public RungDecision Decide(RungEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return PruningRules.Asha(evidence.Score, [.. evidence.Others], reductionFactor);
    }

    /// <inheritdoc/>
    public IReadOnlyList<long> Promotions(IReadOnlyList<RungStanding> standings, bool settling) =>
        PruningRules.AshaPromotions(standings, reductionFactor, settling);
}
