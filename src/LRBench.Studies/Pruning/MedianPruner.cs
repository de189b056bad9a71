using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Pruning;

/// <summary>
/// The median stopping rule (Golovin et al., 2017, Vizier): at each evaluation after the warm-up, a trial stops when
/// its best score so far is worse than the median of the other trials' scores at that point (<see cref="PruningRules.Median"/>).
/// </summary>
public sealed class MedianPruner(int minTrials) : IPruner
{
    /// <summary>Its registration: <c>pruner: {name: median, min_resource: 1ep, min_trials: 3}</c>.</summary>
    public static PrunerType Type { get; } = new(
        "median",
        [new PrunerSetting("min_trials", 3, 1, int.MaxValue, WholeNumber: true)],
        MinResourceRequired: false,
        d => new MedianPruner((int)d.Setting("min_trials")),
        (d, task) => Pruners.NoEvaluationBeforeEnd("the median rule", d, task));

    /// <inheritdoc/>
    public IReadOnlyList<long> RungSteps(long totalSteps, double minResourceSteps, double evaluationInterval) =>
        Pruners.EvaluationSteps(totalSteps, minResourceSteps, evaluationInterval);

    /// <inheritdoc/>
    public RungDecision Decide(RungEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return PruningRules.Median(evidence.BestSoFar, [.. evidence.Others], minTrials);
    }
}
