using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Analysis;

/// <summary>
/// The ranking of the LRBench paper's Tables VII to IX. Each trial is read at its highest top-1 evaluation (the paper
/// evaluates every R iterations and reports the highest accuracy, with the iteration where it happened); top-5, AC,
/// CD, CDAC and LD are taken at that same evaluation. Seeds are aggregated as mean and sample standard deviation,
/// and <see cref="SeedSignificance"/> adds each setting's confidence interval and whether it is distinguishable from the best.
/// Order: settings whose every seed completed come first, then those with a seed the pruner stopped (read at their
/// best evaluation so far, which is not comparable with a whole run), then those with a diverged or failed seed; within each,
/// by the chosen metric, then by top-1 (higher first), #iter (fewer first), LD (lower first) and label.
/// <para>
/// A task that is not classification (no evaluation has a top-1) is read at its best evaluation by the study's own
/// metric (<see cref="StudyMetric"/>, in its direction) when it has one, else at its lowest validation loss, and
/// ranked by that; top-1, top-5, AC, CD and CDAC are missing ("-").
/// </para>
/// </summary>
public static class Ranking
{
    /// <summary>Sort keys and their direction (true: higher is better).</summary>
    public static readonly IReadOnlyDictionary<string, bool> SortKeys = new Dictionary<string, bool>
    {
        ["top1"] = true, ["top5"] = true, ["ac"] = true, ["cd"] = false, ["cdac"] = false, ["ld"] = false, ["iter"] = false,
        ["cost"] = false, ["time"] = false, ["loss"] = false, ["metric"] = true,
    };

    /// <summary>True when some evaluation measured a top-1 accuracy: a classification study, ranked by top-1 by default.</summary>
    public static bool IsClassification(IReadOnlyList<EvaluationRow> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        return evaluations.Count == 0 || evaluations.Any(e => !double.IsNaN(e.Top1));
    }

    public static TrialScore? Score(TrialRow trial, IReadOnlyList<EvaluationRow> evaluations, double? target, StudyMetric? metric = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(evaluations);
        if (evaluations.Count == 0) return null;
        var best = evaluations[0];
        if (IsClassification(evaluations))
        {
            foreach (var e in evaluations)
            {
                if (e.Top1 > best.Top1) best = e; // strictly greater: the first time the best value was reached
            }
        }
        else if (metric is not null && evaluations.Any(e => e.TaskMetric is double m && !double.IsNaN(m)))
        {
            foreach (var e in evaluations)
            {
                if (Better(e.TaskMetric, best.TaskMetric, metric.HigherIsBetter)) best = e; // the first time the best value was reached
            }
        }
        else
        {
            foreach (var e in evaluations)
            {
                if (Lower(e.TestLoss, best.TestLoss)) best = e; // the first time the lowest loss was reached
            }
        }

        var reached = target is double t ? evaluations.FirstOrDefault(e => e.Top1 >= t) : null;
        return new TrialScore(trial, best.Top1, best.Top5, best.Ac, best.Cd, best.Cdac, best.LossDifference, best.Step, best.WallSeconds,
            reached?.Step, reached?.WallSeconds) { Loss = best.TestLoss ?? double.NaN, Metric = best.TaskMetric ?? double.NaN };

        static bool Lower(double? candidate, double? best) =>
            candidate is double c && !double.IsNaN(c) && (best is not double b || double.IsNaN(b) || c < b);
        static bool Better(double? candidate, double? best, bool higher) =>
            candidate is double c && !double.IsNaN(c) && (best is not double b || double.IsNaN(b) || (higher ? c > b : c < b));
    }

    /// <summary>
    /// The key a ranking sorts by: <paramref name="sortBy"/>, except that the default (top1) becomes the study's own
    /// metric, or else the validation loss, when no evaluation has a top-1.
    /// </summary>
    public static string SortKeyFor(IReadOnlyList<EvaluationRow> evaluations, string sortBy, StudyMetric? metric)
    {
        ArgumentNullException.ThrowIfNull(sortBy);
        string key = sortBy.ToLowerInvariant();
        return key == "top1" && !IsClassification(evaluations) ? (metric is null ? "loss" : "metric") : key;
    }

    /// <summary>
    /// Ranks the finished trials' policies. <paramref name="metric"/> is the study's own metric
    /// (<see cref="StudyRow.Metric"/>): it ranks a study whose task is not classification, in its direction.
    /// </summary>
    public static IReadOnlyList<RankedPolicy> Rank(
        IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, double? target, string sortBy = "top1", StudyMetric? metric = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(evaluations);
        string key = SortKeyFor(evaluations, sortBy, metric);
        if (key == "metric" && metric is null) throw new ArgumentException("cannot sort by metric: the study's task has no metric of its own");
        if (!SortKeys.TryGetValue(key, out bool higherIsBetter))
            throw new ArgumentException($"cannot sort by '{sortBy}'; choose one of {string.Join(", ", SortKeys.Keys)}");
        if (key is "cost" or "time" && target is null)
            throw new ArgumentException($"sorting by {key} needs a target accuracy (the study's target_accuracy)");
        if (key == "metric") higherIsBetter = metric!.HigherIsBetter;

        var byTrial = evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => (IReadOnlyList<EvaluationRow>)[.. g.OrderBy(e => e.Step)]);
        var groups = trials
            .Where(t => t.Status.IsFinished())
            .GroupBy(t => (t.Trial.Policy, t.Method, t.Trial.ChosenOptimizer))
            .Select(g => Aggregate([.. g.OrderBy(t => t.Seed)], byTrial, target, metric))
            .ToList();

        double Key(RankedPolicy p)
        {
            double v = key switch
            {
                "top1" => p.Top1.Mean,
                "top5" => p.Top5.Mean,
                "ac" => p.Ac.Mean,
                "cd" => p.Cd.Mean,
                "cdac" => p.Cdac.Mean,
                "ld" => p.Ld.Mean,
                "iter" => p.IterAtBest.Mean,
                "loss" => p.Loss.Mean,
                "metric" => p.Metric.Mean,
                "cost" => p.ReachedTarget == p.Seeds && p.Seeds > 0 ? p.StepsToTarget.Mean : double.NaN,
                _ => p.ReachedTarget == p.Seeds && p.Seeds > 0 ? p.SecondsToTarget.Mean : double.NaN,
            };
            // Missing values (nothing measured, target not reached by every seed) sort last.
            if (double.IsNaN(v)) return double.PositiveInfinity;
            return higherIsBetter ? -v : v;
        }

        static double Nan(double v, bool higher) => double.IsNaN(v) ? double.PositiveInfinity : (higher ? -v : v);

        var ordered = groups
            .OrderBy(p => p.Diverged + p.Failed > 0 ? 2 : p.Pruned > 0 ? 1 : 0)
            .ThenBy(Key)
            .ThenBy(p => Nan(p.Top1.Mean, true))
            .ThenBy(p => Nan(p.IterAtBest.Mean, false))
            .ThenBy(p => Nan(p.Ld.Mean, false))
            .ThenBy(p => p.Label, StringComparer.Ordinal)
            .ToList();
        return SeedSignificance.Mark([.. ordered.Select((p, i) => p with { Rank = i + 1, SortKey = key })], ScoreOf(key), higherIsBetter);
    }

    /// <summary>What a trial scored on the key a ranking sorts by (NaN where it has none, as a target never reached).</summary>
    internal static Func<TrialScore, double> ScoreOf(string key) => key switch
    {
        "top1" => s => s.Top1,
        "top5" => s => s.Top5,
        "ac" => s => s.Ac,
        "cd" => s => s.Cd,
        "cdac" => s => s.Cdac,
        "ld" => s => s.Ld,
        "iter" => s => s.IterAtBest,
        "loss" => s => s.Loss,
        "metric" => s => s.Metric,
        "cost" => s => s.StepsToTarget is long steps ? steps : double.NaN,
        _ => s => s.SecondsToTarget ?? double.NaN,
    };

    private static RankedPolicy Aggregate(List<TrialRow> seeds, Dictionary<long, IReadOnlyList<EvaluationRow>> byTrial, double? target, StudyMetric? metric)
    {
        var first = seeds[0];
        var scores = seeds
            // A failed trial's evaluations (recorded live before it failed) are not a result.
            .Select(t => t.Status == TrialStatus.Failed ? null : Score(t, byTrial.TryGetValue(t.Id, out var e) ? e : [], target, metric))
            .Where(s => s is not null)
            .Select(s => s!)
            .ToList();
        var reached = scores.Where(s => s.StepsToTarget is not null).ToList();
        return new RankedPolicy
        {
            Label = first.Label + (first.Method == "baseline" ? "" : $" [{first.Method}]"),
            Function = first.Trial.Function,
            Spec = first.SpecText,
            Parameters = first.Trial.Parameters,
            Method = first.Method,
            Seeds = seeds.Count,
            Diverged = seeds.Count(t => t.Status == TrialStatus.Diverged),
            Failed = seeds.Count(t => t.Status == TrialStatus.Failed),
            Pruned = seeds.Count(t => t.Status == TrialStatus.Pruned),
            Top1 = Stat.Of([.. scores.Select(s => s.Top1)]),
            Top5 = Stat.Of([.. scores.Select(s => s.Top5)]),
            Ac = Stat.Of([.. scores.Select(s => s.Ac)]),
            Cd = Stat.Of([.. scores.Select(s => s.Cd)]),
            Cdac = Stat.Of([.. scores.Select(s => s.Cdac)]),
            Ld = Stat.Of([.. scores.Where(s => !double.IsNaN(s.Ld)).Select(s => s.Ld)]),
            Loss = Stat.Of([.. scores.Where(s => !double.IsNaN(s.Loss)).Select(s => s.Loss)]),
            Metric = Stat.Of([.. scores.Where(s => !double.IsNaN(s.Metric)).Select(s => s.Metric)]),
            MetricName = metric?.Name,
            IterAtBest = Stat.Of([.. scores.Select(s => (double)s.IterAtBest)]),
            StepsToTarget = Stat.Of([.. reached.Select(s => (double)s.StepsToTarget!.Value)]),
            SecondsToTarget = Stat.Of([.. reached.Select(s => s.SecondsToTarget!.Value)]),
            ReachedTarget = reached.Count,
            Trials = scores,
        };
    }
}
