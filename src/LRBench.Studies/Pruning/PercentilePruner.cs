using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Pruning;

/// <summary>
/// The percentile rule (Optuna's PercentilePruner): at each evaluation after the warm-up, a trial whose best score so
/// far is below the (100 - percentile)-th percentile of the other trials' scores at that point stops, so about the
/// top <c>percentile</c> per cent go on. percentile 50 is the median rule; 25 keeps the top quarter. Percentiles
/// interpolate linearly between order statistics (NumPy's default).
/// </summary>
public sealed class PercentilePruner(double percentile, int minTrials) : IPruner
{
    /// <summary>Its registration: <c>pruner: {name: percentile, percentile: 25, min_resource: 1ep, min_trials: 3}</c>.</summary>
    public static PrunerType Type { get; } = new(
        "percentile",
        [new PrunerSetting("percentile", 25, 0, 100, WholeNumber: false), new PrunerSetting("min_trials", 3, 1, int.MaxValue, WholeNumber: true)],
        MinResourceRequired: false,
        d => new PercentilePruner(d.Setting("percentile"), (int)d.Setting("min_trials")),
        (d, task) => Pruners.NoEvaluationBeforeEnd("the percentile rule", d, task));

    /// <inheritdoc/>
    public IReadOnlyList<long> RungSteps(long totalSteps, double minResourceSteps, double evaluationInterval) =>
        Pruners.EvaluationSteps(totalSteps, minResourceSteps, evaluationInterval);

    /// <inheritdoc/>
    public RungDecision Decide(RungEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Others.Count < minTrials) return RungDecision.Continue;
        double best = evidence.BestSoFar;
        if (double.IsNaN(best)) return RungDecision.Stop;
        double bar = Quantile([.. evidence.Others.Select(s => double.IsNaN(s) ? double.NegativeInfinity : s)], (100 - percentile) / 100);
        return best < bar ? RungDecision.Stop : RungDecision.Continue;
    }

    /// <summary>The q-quantile (0..1) of the values, interpolating linearly between order statistics.</summary>
    internal static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double fraction = position - below;
        // -inf (a diverged trial) stays -inf rather than turning the interpolation into NaN.
        return fraction == 0 || sorted[below] == sorted[above] ? sorted[below] : sorted[below] + (fraction * (sorted[above] - sorted[below]));
    }
}
