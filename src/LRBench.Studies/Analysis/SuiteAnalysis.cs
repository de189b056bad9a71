using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Suites;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Scores a suite across its workloads, as MLCommons' AlgoPerf scores training algorithms and as Demšar (2006)
/// compares methods over data sets:
/// <list type="bullet">
/// <item>each workload's score is top-1 for classification, else the task's own metric, else the validation loss, each
/// read at a seed's best evaluation (the LRBench ranking's rule);</item>
/// <item>its target is the workload's stated one, or <see cref="SuiteDefinition.TargetOfBest"/> of the best policy's mean
/// score (best / fraction where lower is better); a policy's time-to-target is the median over its seeds of the
/// first evaluation at the target (+∞ for a seed that never got there), in steps and in training seconds;</item>
/// <item>performance profiles (Dolan–Moré) of those times over the complete workloads;</item>
/// <item>per complete workload, policies are ranked (those with a diverged or failed seed after the rest, then by
/// score; ties share ranks), and the mean ranks are tested with Friedman's test and Nemenyi's critical difference.</item>
/// </list>
/// A policy is matched to its trials by their keys: the suite's policy, its placeholders filled with the workload's
/// range-test values, under each method set and seed.
/// </summary>
public static class SuiteAnalysis
{
    /// <summary>Scores the suite from what the store holds for each workload (in the suite's order).</summary>
    public static SuiteResult Analyze(SuiteDefinition suite, IReadOnlyList<SuiteWorkloadResults> workloads, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(workloads);
        var methods = suite.Workloads[0].Study.Methods;
        var names = (from p in suite.Policies from m in methods select m.Name == MethodSet.Baseline.Name ? p : $"{p} [{m.Name}]").ToList();
        var outcomes = workloads.Select(w => Outcome(w, suite.TargetOfBest, names.Count)).ToList();
        var complete = outcomes.Where(o => o.Complete).ToList();
        if (complete.Count == 0) return new SuiteResult(suite, names, outcomes, [], [], null);

        var steps = new double?[names.Count, complete.Count];
        var seconds = new double?[names.Count, complete.Count];
        for (int j = 0; j < complete.Count; j++)
        {
            foreach (var p in complete[j].Policies)
            {
                steps[p.Policy, j] = p.StepsToTarget;
                seconds[p.Policy, j] = p.SecondsToTarget;
            }
        }

        FriedmanResult? ranks = null;
        if (complete.Count >= 2 && names.Count >= 2)
        {
            var sums = new double[names.Count];
            foreach (var w in complete)
            {
                var r = RanksOn(w);
                for (int i = 0; i < sums.Length; i++) sums[i] += r[i];
            }

            ranks = FriedmanTest.FromMeanRanks([.. sums.Select(s => s / complete.Count)], complete.Count, alpha);
        }

        var result = new SuiteResult(suite, names, outcomes,
            PerformanceProfile.Compute(names, steps, suite.TauMax), PerformanceProfile.Compute(names, seconds, suite.TauMax), ranks);
        var tasks = workloads.Where(w => w.Task is not null).ToDictionary(w => w.Workload.Name, w => w.Task!);
        return result with { Checks = RecommendationCheck.LeaveOneOut(result, tasks) };
    }

    /// <summary>Ranks 1..k of the policies on one workload: unbroken before broken, then by score; equal keys share the mean of their ranks.</summary>
    internal static double[] RanksOn(WorkloadOutcome w)
    {
        (int Tier, double Value) Key(PolicyOnWorkload p)
        {
            double m = p.Score.Mean;
            double oriented = double.IsNaN(m) ? double.PositiveInfinity : w.HigherIsBetter ? -m : m;
            return (p.Broken || double.IsNaN(m) ? 1 : 0, oriented);
        }

        var order = w.Policies.OrderBy(p => Key(p).Tier).ThenBy(p => Key(p).Value).ToList();
        var ranks = new double[w.Policies.Count];
        for (int start = 0; start < order.Count;)
        {
            int end = start;
            while (end + 1 < order.Count && Key(order[end + 1]) == Key(order[start])) end++;
            double shared = (start + 1 + end + 1) / 2.0;
            for (int t = start; t <= end; t++) ranks[order[t].Policy] = shared;
            start = end + 1;
        }

        return ranks;
    }

    private static WorkloadOutcome Outcome(SuiteWorkloadResults w, double targetOfBest, int policies)
    {
        var study = w.Workload.Study;
        string studyName = study.Name;
        int seeds = study.Seeds.Count;
        var results = w.Results;
        var evaluations = results?.Evaluations ?? [];
        var metric = results?.Study.Metric;
        bool classification = Ranking.IsClassification(evaluations) && !LRBench.Training.Data.DataCatalogue.IsText(study.Task.Data.Dataset);
        bool byMetric = !classification && metric is not null;
        string scoreName = classification ? "top-1" : byMetric ? metric!.Name : "validation loss";
        bool higher = classification || (byMetric && metric!.HigherIsBetter);

        // Which trials are which policy: the keys of the workload's study, its placeholders filled as they were when it ran.
        var trialsOf = Enumerable.Range(0, policies).Select(_ => new List<TrialRow>()).ToList();
        if (results is not null && Resolved(study, w.RangeTestValues) is { } resolved)
        {
            var byKey = results.Trials.GroupBy(t => t.TrialKey).ToDictionary(g => g.Key, g => g.First());
            var planned = resolved.Trials();
            for (int k = 0; k < planned.Count && k / seeds < policies; k++)
            {
                if (byKey.TryGetValue(planned[k].Key, out var row)) trialsOf[k / seeds].Add(row);
            }
        }

        var byTrial = evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => (IReadOnlyList<EvaluationRow>)[.. g.OrderBy(e => e.Step)]);
        IReadOnlyList<EvaluationRow> Evals(TrialRow t) => byTrial.TryGetValue(t.Id, out var e) ? e : [];
        double Value(EvaluationRow e) => classification ? e.Top1 : byMetric ? e.TaskMetric ?? double.NaN : e.TestLoss ?? double.NaN;
        double ScoreOf(TrialRow t)
        {
            var s = Ranking.Score(t, Evals(t), null, byMetric ? metric : null);
            return s is null ? double.NaN : classification ? s.Top1 : byMetric ? s.Metric : s.Loss;
        }

        var labels = Enumerable.Range(0, policies).Select(i => trialsOf[i].FirstOrDefault()?.Label ?? "").ToList();
        var scores = trialsOf.Select(ts => Stat.Of([.. ts.Where(t => t.Status == TrialStatus.Completed).Select(ScoreOf).Where(v => !double.IsNaN(v))])).ToList();

        double target;
        string rule;
        if (w.Workload.Target is double stated)
        {
            target = stated;
            rule = "stated for the workload";
        }
        else
        {
            var candidates = Enumerable.Range(0, policies)
                .Where(i => !double.IsNaN(scores[i].Mean) && trialsOf[i].All(t => t.Status is not (TrialStatus.Diverged or TrialStatus.Failed)))
                .Select(i => scores[i].Mean).ToList();
            double best = candidates.Count == 0 ? double.NaN : higher ? candidates.Max() : candidates.Min();
            target = higher ? best * targetOfBest : best / targetOfBest;
            rule = higher ? $"{targetOfBest:0.###} x the best policy's mean" : $"the best policy's mean / {targetOfBest:0.###}";
        }

        (double Steps, double Seconds) TimeToTarget(TrialRow t)
        {
            if (double.IsNaN(target)) return (double.PositiveInfinity, double.PositiveInfinity);
            foreach (var e in Evals(t))
            {
                double v = Value(e);
                if (!double.IsNaN(v) && (higher ? v >= target : v <= target)) return (e.Step, e.ComputeSeconds);
            }

            return (double.PositiveInfinity, double.PositiveInfinity);
        }

        var rows = new List<PolicyOnWorkload>(policies);
        for (int i = 0; i < policies; i++)
        {
            var finished = trialsOf[i].Where(t => t.Status.IsFinished()).ToList();
            // A failed trial's evaluations are not a result; a diverged one's count up to where it diverged.
            var times = finished.Select(t => t.Status == TrialStatus.Failed ? (double.PositiveInfinity, double.PositiveInfinity) : TimeToTarget(t)).ToList();
            rows.Add(new PolicyOnWorkload(
                i, labels[i], seeds, finished.Count,
                finished.Count(t => t.Status == TrialStatus.Diverged), finished.Count(t => t.Status == TrialStatus.Failed),
                scores[i], times.Count(x => double.IsFinite(x.Item1)),
                Median([.. times.Select(x => x.Item1)]), Median([.. times.Select(x => x.Item2)])));
        }

        return new WorkloadOutcome(w.Workload.Name, studyName, scoreName, higher, target, rule, rows);
    }

    private static StudyDefinition? Resolved(StudyDefinition study, IReadOnlyDictionary<string, double>? values) =>
        !study.NeedsRangeTest ? study : values is null ? null : study.Resolve(values);

    /// <summary>The median, +∞ counted as a value (so it is +∞ when more than half are); NaN (nothing known yet) for no values.</summary>
    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
