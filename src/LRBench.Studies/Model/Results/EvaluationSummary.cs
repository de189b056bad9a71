namespace LRBench.Studies.Model.Results;

/// <summary>
/// What a trial's evaluations add up to, without the evaluations: how many there are, the last step evaluated, and
/// the best finite value of each score a chart or a table ranks by (NaN and infinite values are left out, as a chart
/// leaves them out; null when no finite value exists). A large study's overview reads these from the database
/// (<see cref="Storage.ResultsReader.CurveOverview"/>) instead of every evaluation; <see cref="Of"/> is the same
/// definition over evaluations in hand, and the two agree (StudyCurvesTests).
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Count">How many evaluations it has.</param>
/// <param name="LastStep">The highest step evaluated.</param>
/// <param name="BestTop1">The highest top-1 (a fraction).</param>
/// <param name="LowestTestLoss">The lowest test loss.</param>
/// <param name="HighestMetric">The highest task metric.</param>
/// <param name="LowestMetric">The lowest task metric.</param>
public sealed record EvaluationSummary(
    long TrialId, int Count, long LastStep, double? BestTop1, double? LowestTestLoss, double? HighestMetric, double? LowestMetric)
{
    /// <summary>The summary of one trial's evaluations (at least one).</summary>
    public static EvaluationSummary Of(long trialId, IReadOnlyCollection<EvaluationRow> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        if (evaluations.Count == 0) throw new ArgumentException("a summary needs at least one evaluation", nameof(evaluations));
        static IEnumerable<double> Finite(IEnumerable<double?> values) => values.OfType<double>().Where(double.IsFinite);
        var top1 = Finite(evaluations.Select(e => (double?)e.Top1)).ToList();
        var loss = Finite(evaluations.Select(e => e.TestLoss)).ToList();
        var metric = Finite(evaluations.Select(e => e.TaskMetric)).ToList();
        return new EvaluationSummary(
            trialId, evaluations.Count, evaluations.Max(e => e.Step), top1.Count > 0 ? top1.Max() : null, loss.Count > 0 ? loss.Min() : null,
            metric.Count > 0 ? metric.Max() : null, metric.Count > 0 ? metric.Min() : null);
    }
}
