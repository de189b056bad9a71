using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// What the interactive charts of a study draw, as the JSON the page fetches: each trial's intermediate values (the
/// study's score and the test loss at every evaluation) with where and why it stopped early, the rungs of the study's
/// pruner, and the optimisation history (best score so far against the compute spent). Built from one read of the
/// study's results; the charts script (LRBench.Reporting/Web/charts.js) turns it into uPlot charts.
/// </summary>
internal static class StudyCurves
{
    /// <summary>One trial's curve.</summary>
    /// <param name="Id">The trial's id.</param>
    /// <param name="Label">Its label (policy, seed, method): text, never markup.</param>
    /// <param name="Status">Its status as the store names it.</param>
    /// <param name="Stop">Why its curve ends early ("pruned at step 40"), or null when it did not stop early.</param>
    /// <param name="Steps">The steps it was evaluated at, in order.</param>
    /// <param name="Score">The study's score at each of them (top-1 in percent, or the task's metric); null where missing.</param>
    /// <param name="Loss">The test (validation) loss at each of them; null where missing.</param>
    internal sealed record TrialCurve(long Id, string Label, string Status, string? Stop, IReadOnlyList<long> Steps, IReadOnlyList<double?> Score, IReadOnlyList<double?> Loss);

    /// <summary>The optimisation history: finished trials in the order they finished.</summary>
    /// <param name="Compute">Compute seconds spent by the study when each trial finished (every finished trial's own, summed).</param>
    /// <param name="Score">The trial's score (null for a pruned, diverged or failed trial, which spent compute without a result).</param>
    /// <param name="Best">The best score so far.</param>
    /// <param name="Label">The trial's label.</param>
    internal sealed record History(IReadOnlyList<double> Compute, IReadOnlyList<double?> Score, IReadOnlyList<double?> Best, IReadOnlyList<string> Label);

    /// <summary>
    /// The searched parameters of a study whose settings are one policy with varied numeric parameters (a grid, random
    /// or Bayesian search): for each finished trial with a score, its parameter values and score. Null otherwise.
    /// </summary>
    /// <param name="Policy">The policy searched.</param>
    /// <param name="Names">The parameters that vary, in the order the study writes them.</param>
    /// <param name="Trials">Each scored trial: its label, values (one per name) and score.</param>
    internal sealed record Search(string Policy, IReadOnlyList<string> Names, IReadOnlyList<SearchPoint> Trials);

    /// <summary>One trial of a <see cref="Search"/>.</summary>
    internal sealed record SearchPoint(long Id, string Label, IReadOnlyList<double> Values, double Score);

    /// <summary>The whole payload.</summary>
    /// <param name="ScoreLabel">The score's name with its unit, for the axis.</param>
    /// <param name="HigherIsBetter">The score's direction.</param>
    /// <param name="Rungs">The step of each rung at which the pruner decided, in rung order.</param>
    /// <param name="Trials">Every trial with at least one evaluation, in the study's order.</param>
    /// <param name="History">The optimisation history.</param>
    /// <param name="Searched">The searched parameters against the score, when the study is a search over one policy.</param>
    internal sealed record Payload(string ScoreLabel, bool HigherIsBetter, IReadOnlyList<long> Rungs, IReadOnlyList<TrialCurve> Trials, History History, Search? Searched);

    public static Payload Of(StudyResults results, IReadOnlyList<RungDecisionRow> rungs, IReadOnlyList<RaceDecisionRow> race, Func<TrialRow, string> label)
    {
        ArgumentNullException.ThrowIfNull(results);
        var byTrial = results.Evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Step).ToList());
        bool classification = Ranking.IsClassification(results.Evaluations);
        var metric = results.Study.Metric;
        bool useMetric = !classification && metric is not null;
        bool higher = classification || (useMetric && metric!.HigherIsBetter);
        string scoreLabel = classification ? "top-1 (%)" : useMetric ? metric!.Name : "test loss";
        double? ScoreOf(EvaluationRow e) => Finite(classification ? e.Top1 * 100 : useMetric ? e.TaskMetric ?? double.NaN : e.TestLoss ?? double.NaN);

        var raced = race.Where(d => d.Decision == RaceDecision.Eliminated).GroupBy(d => d.Setting).ToDictionary(g => g.Key, g => g.Min(d => d.Round));
        var trials = new List<TrialCurve>();
        foreach (var t in results.Trials)
        {
            if (!byTrial.TryGetValue(t.Id, out var evals)) continue;
            long last = evals[^1].Step;
            string? stop = t.Status switch
            {
                TrialStatus.Pruned => $"pruned at step {last}",
                TrialStatus.Paused => $"waiting at step {last}",
                TrialStatus.Diverged => $"diverged at step {t.DivergedAtStep ?? last}",
                TrialStatus.Failed => $"failed after step {last}",
                _ => null,
            };
            if (stop is null && raced.TryGetValue(t.Trial.SettingKey, out int round)) stop = $"raced out in round {round}";
            trials.Add(new TrialCurve(t.Id, label(t), t.Status.ToText(), stop, [.. evals.Select(e => e.Step)], [.. evals.Select(ScoreOf)], [.. evals.Select(e => Finite(e.TestLoss ?? double.NaN))]));
        }

        // Optimisation history: every finished trial's compute counts; only completed ones bring a score.
        var compute = new List<double>();
        var scores = new List<double?>();
        var best = new List<double?>();
        var labels = new List<string>();
        double spent = 0;
        double? bestSoFar = null;
        foreach (var t in results.Trials.Where(t => t.Status.IsFinished()).OrderBy(t => t.FinishedAt, StringComparer.Ordinal).ThenBy(t => t.Id))
        {
            spent += t.ComputeSeconds ?? t.WallSeconds ?? 0;
            double? score = null;
            if (t.Status == TrialStatus.Completed && byTrial.TryGetValue(t.Id, out var evals))
            {
                var values = evals.Select(ScoreOf).OfType<double>().ToList();
                if (values.Count > 0) score = higher ? values.Max() : values.Min();
            }

            if (score is double s && (bestSoFar is not double b || (higher ? s > b : s < b))) bestSoFar = s;
            compute.Add(Math.Round(spent, 3));
            scores.Add(score);
            best.Add(bestSoFar);
            labels.Add(label(t));
        }

        // A rung's step can differ by one between trials (an epoch of 468.75 steps); the first is drawn.
        var rungSteps = rungs.GroupBy(r => r.Rung).OrderBy(g => g.Key).Select(g => g.Min(r => r.Step)).ToList();
        var finalScores = new Dictionary<long, double>();
        foreach (var t in results.Trials.Where(t => t.Status == TrialStatus.Completed && byTrial.ContainsKey(t.Id)))
        {
            var values = byTrial[t.Id].Select(ScoreOf).OfType<double>().ToList();
            if (values.Count > 0) finalScores[t.Id] = higher ? values.Max() : values.Min();
        }

        return new Payload(scoreLabel, higher, rungSteps, trials, new History(compute, scores, best, labels), SearchOf(results.Trials, finalScores, label));
    }

    /// <summary>The study as a search: one policy, and at least one parameter with two or more numeric values.</summary>
    private static Search? SearchOf(IReadOnlyList<TrialRow> trials, IReadOnlyDictionary<long, double> scores, Func<TrialRow, string> label)
    {
        if (trials.Count < 2 || trials.Select(t => t.Trial.Function).Distinct(StringComparer.Ordinal).Count() != 1) return null;
        var names = trials[0].Trial.Parameters.Keys
            .Where(name => trials.All(t => Number(t, name) is not null) && trials.Select(t => Number(t, name)).Distinct().Count() > 1)
            .ToList();
        if (names.Count == 0) return null;
        var points = trials.Where(t => scores.ContainsKey(t.Id))
            .Select(t => new SearchPoint(t.Id, label(t), [.. names.Select(n => Number(t, n)!.Value)], scores[t.Id])).ToList();
        return new Search(trials[0].Trial.Function, names, points);
    }

    private static double? Number(TrialRow t, string name) =>
        t.Trial.Parameters.TryGetValue(name, out string? text)
        && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
