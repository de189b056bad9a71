using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Reports;

/// <summary>
/// What the interactive charts of a study draw, as the JSON the page fetches: each trial's intermediate values (the
/// study's score and the test loss at every evaluation) with where and why it stopped early, and the rungs of the
/// study's pruner. The first read holds every trial; each poll after it holds only the trials that changed since the
/// cursor it was given (<see cref="LRBench.Studies.Storage.ResultsReader.CurveChanges"/>), which the page merges by trial
/// id. A study of more than <see cref="CurveLimit"/> evaluated trials is first read as an overview: every trial's row
/// and result, and the curves of the first page of the table and of the running trials (<see cref="FirstCurves"/>);
/// the page asks for other trials' curves when it shows them. The charts script (LRBench.Reporting/Web/charts.js) draws them with uPlot and derives the optimisation
/// history from the trials it holds. The dashboard serves it; report.html carries one full read inline.
/// </summary>
public static class StudyCurves
{
    /// <summary>One trial's curve.</summary>
    /// <param name="Id">The trial's id.</param>
    /// <param name="Label">Its label (policy, seed, method): text, never markup.</param>
    /// <param name="Status">Its status as the store names it.</param>
    /// <param name="Stop">Why its curve ends early ("pruned at step 40"), or null when it did not stop early.</param>
    /// <param name="Finished">When it finished (the store's timestamp, which sorts in time order), or null.</param>
    /// <param name="Compute">The compute seconds it spent, once finished.</param>
    /// <param name="Best">Its best score so far (the best evaluation's), whatever its status; null before a finite one.</param>
    /// <param name="Result">Its score when it completed (<paramref name="Best"/>), else null: what the optimisation history plots.</param>
    /// <param name="Evaluated">How many evaluations it has.</param>
    /// <param name="Steps">The steps it was evaluated at, in order; null when its curve was not sent (an overview).</param>
    /// <param name="Score">The study's score at each of them (top-1 in percent, or the task's metric); null where missing.</param>
    /// <param name="Loss">The test (validation) loss at each of them; null where missing.</param>
    /// <param name="Row">What the trial table shows besides: order, method, seed, attempts, worker, progress, error.</param>
    /// <param name="Probes">Its anneal probes at fair rungs (the score the pruner judged it by), empty elsewhere.</param>
    public sealed record TrialCurve(
        long Id, string Label, string Status, string? Stop, string? Finished, double? Compute, double? Best, double? Result, int Evaluated,
        IReadOnlyList<long>? Steps, IReadOnlyList<double?>? Score, IReadOnlyList<double?>? Loss, TableRow Row, IReadOnlyList<Probe> Probes);

    /// <summary>
    /// An anneal probe of a fair rung: at <paramref name="Step"/> the trial was forked and its LR annealed for
    /// <paramref name="Anneal"/> steps, and the fork's score (in the chart's units) is what the pruner compared.
    /// </summary>
    public sealed record Probe(long Step, long Anneal, double Score);

    /// <summary>A trial's row in the study page's table (drawn in the browser, paged); every string is set as text.</summary>
    /// <param name="Ordinal">Its place in the study (from 1).</param>
    /// <param name="Method">Its training method set.</param>
    /// <param name="Seed">Its seed.</param>
    /// <param name="Attempts">How many times it was claimed.</param>
    /// <param name="Worker">The worker holding it (host:pid:random), if any.</param>
    /// <param name="Step">The last step it reached (its final step once finished).</param>
    /// <param name="Total">Its budget in steps (0 when unknown).</param>
    /// <param name="Error">Its last error, if any.</param>
    public sealed record TableRow(int Ordinal, string Method, long Seed, int Attempts, string? Worker, long Step, long Total, string? Error);

    /// <summary>
    /// The searched parameters of a study whose settings are one policy with varied numeric parameters (a grid, random
    /// or Bayesian search): for each finished trial with a score, its parameter values and score. Null otherwise.
    /// </summary>
    /// <param name="Policy">The policy searched.</param>
    /// <param name="Names">The parameters that vary, in the order the study writes them.</param>
    /// <param name="Trials">Each scored trial: its label, values (one per name) and score.</param>
    public sealed record Search(string Policy, IReadOnlyList<string> Names, IReadOnlyList<SearchPoint> Trials);

    /// <summary>One trial of a <see cref="Search"/>.</summary>
    public sealed record SearchPoint(long Id, string Label, IReadOnlyList<double> Values, double Score);

    /// <summary>The whole payload.</summary>
    /// <param name="Cursor">The cursor for the next poll (<c>?since=</c>).</param>
    /// <param name="Full">True when <paramref name="Trials"/> is every trial; false when it is the changed ones only.</param>
    /// <param name="ScoreLabel">The score's name with its unit, for the axis.</param>
    /// <param name="HigherIsBetter">The score's direction.</param>
    /// <param name="Rungs">The step of each rung at which the pruner decided, in rung order.</param>
    /// <param name="Trials">Trials with at least one evaluation, in the study's order.</param>
    /// <param name="Searched">The searched parameters against the score, when the study is a search over one policy (full reads only).</param>
    /// <param name="CurveLimit">The most trials whose curves are sent, and drawn, together (<see cref="CurveLimit"/>).</param>
    public sealed record Payload(
        long Cursor, bool Full, string ScoreLabel, bool HigherIsBetter, IReadOnlyList<long> Rungs, IReadOnlyList<TrialCurve> Trials, Search? Searched, int CurveLimit)
    {
        /// <summary>
        /// The study's timeline drawn from the same read of its trials, on a dashboard's first read (the page would
        /// otherwise read every trial twice: 0.2 to 0.3 s at 10,000 trials); null, and left out of the JSON, otherwise.
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public StudyCharts.Timeline? Timeline { get; init; }
    }

    /// <summary>
    /// The most trials whose curves a first read sends and the charts draw together: beyond it, an overlay is a
    /// solid band and the read is megabytes (10,000 trials of 50 evaluations: 22 MB; docs/benchmarks.md).
    /// </summary>
    public const int CurveLimit = 500;

    /// <summary>The rows of one page of the study page's trial table (charts.js pages it with the same number).</summary>
    public const int TablePage = 100;

    /// <summary>
    /// The trials whose curves an overview sends: every evaluated trial when there are at most <see cref="CurveLimit"/>,
    /// else those of the table's first page (<see cref="TablePage"/> trials in study order) and the running ones,
    /// whose curves a user watches grow.
    /// </summary>
    public static IEnumerable<long> FirstCurves(IReadOnlyList<TrialRow> trials, IReadOnlyDictionary<long, EvaluationSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(summaries);
        if (summaries.Count <= CurveLimit) return summaries.Keys;
        var ordered = trials.OrderBy(t => t.Ordinal).ThenBy(t => t.Id).ToList();
        return ordered.Take(TablePage).Concat(ordered.Where(t => t.Status == TrialStatus.Running)).Select(t => t.Id).Where(summaries.ContainsKey).Distinct();
    }

    /// <summary>The payload of <paramref name="changes"/>: every trial on a first read, the changed ones after.</summary>
    /// <param name="study">The study.</param>
    /// <param name="changes">Its trials and their evaluations read at one moment (<see cref="LRBench.Studies.Storage.ResultsReader.CurveChanges"/>).</param>
    /// <param name="rungs">The pruner's rung steps.</param>
    /// <param name="race">The race's decisions (raced-out settings are marked).</param>
    /// <param name="decisions">The pruner's rung decisions (anneal probes are drawn from them).</param>
    /// <param name="stepsPerEpoch">Each task's epoch length (a trial's budget in steps).</param>
    /// <param name="label">A trial's label in the charts.</param>
    public static Payload Of(
        StudyRow study, StudyChanges changes, IReadOnlyList<long> rungs, IReadOnlyList<RaceDecisionRow> race, IReadOnlyList<RungDecisionRow> decisions,
        IReadOnlyDictionary<long, long> stepsPerEpoch, Func<TrialRow, string> label)
    {
        ArgumentNullException.ThrowIfNull(stepsPerEpoch);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(changes);
        var byTrial = changes.Evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Step).ToList());
        var summaries = changes.Summaries ?? byTrial.ToDictionary(g => g.Key, g => EvaluationSummary.Of(g.Key, g.Value));
        bool classification = summaries.Count == 0 || summaries.Values.Any(s => s.BestTop1 is not null);
        var metric = study.Metric;
        bool useMetric = !classification && metric is not null;
        bool higher = classification || (useMetric && metric!.HigherIsBetter);
        string scoreLabel = classification ? "top-1 (%)" : useMetric ? metric!.Name : "test loss";
        double? ScoreOf(EvaluationRow e) => Finite(classification ? e.Top1 * 100 : useMetric ? e.TaskMetric ?? double.NaN : e.TestLoss ?? double.NaN);
        // Finite again after the scaling: a damaged top-1 of 1e308 is finite, but not in percent.
        double? BestOf(EvaluationSummary? s) =>
            s is null ? null : (classification ? s.BestTop1 * 100 : useMetric ? (higher ? s.HighestMetric : s.LowestMetric) : s.LowestTestLoss) is double v ? Finite(v) : null;

        // The pruner's scores are higher-is-better: top-1 as a fraction, a metric negated when lower is better, else
        // the loss negated (RungJudge.Score); back to the chart's units.
        double Chart(double score) => classification ? score * 100 : useMetric && higher ? score : -score;
        var probes = decisions.Where(d => d.ProbeSteps > 0 && double.IsFinite(d.Score)).GroupBy(d => d.TrialId)
            .ToDictionary(g => g.Key, g => g.Select(d => new Probe(d.Step, d.ProbeSteps, Chart(d.Score))).ToList());
        var raced = race.Where(d => d.Decision == RaceDecision.Eliminated).GroupBy(d => d.Setting).ToDictionary(g => g.Key, g => g.Min(d => d.Round));
        var trials = new List<TrialCurve>();
        var results = new Dictionary<long, double>();
        foreach (var t in changes.Trials)
        {
            var summary = summaries.GetValueOrDefault(t.Id);
            // Its curve: the evaluations read, none when it has none, or not sent (null) when an overview left it out.
            var evals = byTrial.GetValueOrDefault(t.Id) ?? (summary is null ? [] : null);
            long last = summary?.LastStep ?? 0;
            string? stop = t.Status switch
            {
                TrialStatus.Pruned => $"pruned at step {last}",
                TrialStatus.Paused => $"waiting at step {last}",
                TrialStatus.Diverged => $"diverged at step {t.DivergedAtStep ?? last}",
                TrialStatus.Failed => $"failed after step {last}",
                _ => null,
            };
            if (stop is null && raced.TryGetValue(t.Trial.SettingKey, out int round)) stop = $"raced out in round {round}";
            double? best = BestOf(summary);
            double? result = t.Status == TrialStatus.Completed ? best : null;
            if (result is double r) results[t.Id] = r;
            bool finished = t.Status.IsFinished();
            long total = t.TotalSteps ?? (t.TaskId is long task && stepsPerEpoch.TryGetValue(task, out long spe) ? t.Trial.BudgetSteps(spe) : 0);
            var row = new TableRow(t.Ordinal + 1, t.Method, t.Seed, t.Attempts, t.Worker, t.Steps ?? last, total, t.Error);
            trials.Add(new TrialCurve(
                t.Id, label(t), t.Status.ToText(), stop, finished ? t.FinishedAt : null, finished ? t.ComputeSeconds ?? t.WallSeconds : null, best, result,
                summary?.Count ?? 0, evals?.Select(e => e.Step).ToList(), evals?.Select(ScoreOf).ToList(), evals?.Select(e => Finite(e.TestLoss ?? double.NaN)).ToList(), row,
                probes.GetValueOrDefault(t.Id) ?? []));
        }

        var search = changes.Full ? SearchOf(changes.Trials, results, label) : null;
        return new Payload(changes.Cursor, changes.Full, scoreLabel, higher, rungs, trials, search, CurveLimit);
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

    /// <summary>A value for the charts' JSON: null where it is NaN or infinite (a gap in the line, not a broken axis).</summary>
    public static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
