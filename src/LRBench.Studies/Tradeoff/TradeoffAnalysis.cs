using System.Globalization;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tradeoff;

/// <summary>Builds curves, costs, gaps, method shifts and Pareto frontiers from a tradeoff study's stored trials.</summary>
public static class TradeoffAnalysis
{
    private sealed record Sample(string Method, CurveKind Curve, int Point, long Seed, double Epochs, double Top1, double CostEpochs, double CostSeconds);

    /// <summary>The analysis of a stored tradeoff study's results.</summary>
    public static TradeoffResult Analyse(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var definition = results.Study.Tradeoff ?? throw new ArgumentException($"study {results.Study.Name} is not a tradeoff study", nameof(results));
        return Analyse(definition, results.Trials, results.Evaluations, results.Ensembles);
    }

    /// <summary>The analysis of a tradeoff study's trials, evaluations and snapshot ensembles.</summary>
    public static TradeoffResult Analyse(
        TradeoffDefinition definition, IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<EnsembleRow> ensembles)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(evaluations);
        ArgumentNullException.ThrowIfNull(ensembles);
        var roles = trials.Where(t => t.Curve is not null).ToDictionary(t => t.Id, t => t.Curve!);
        var (done, leftOut) = UsableTrials(trials, roles);
        var collected = Collect(done, roles, evaluations, ensembles);
        var points = collected.Samples.GroupBy(s => (s.Method, s.Curve, s.Point))
            .Select(g => new CurvePoint(g.Key.Method, g.Key.Curve, g.Key.Point, g.Average(s => s.Epochs), g.Average(s => s.Top1), Std(g.Select(s => s.Top1)),
                g.Count(), g.Average(s => s.CostEpochs), g.Average(s => s.CostSeconds)))
            .OrderBy(p => p.Method, StringComparer.Ordinal).ThenBy(p => p.Curve.ToText(), StringComparer.Ordinal).ThenBy(p => p.Point).ToList();
        var ensemblePoints = collected.Ensembles.GroupBy(e => (e.Method, e.Curve, e.Point, e.Members))
            .Select(g => new EnsembleCurvePoint(g.Key.Method, g.Key.Curve, g.Key.Point, g.Average(e => e.Epochs), g.Key.Members, g.Average(e => e.Top1), Std(g.Select(e => e.Top1)), g.Count()))
            .OrderBy(e => e.Method, StringComparer.Ordinal).ThenBy(e => e.Curve.ToText(), StringComparer.Ordinal).ThenBy(e => e.Point).ThenBy(e => e.Members).ToList();

        var methods = trials.Select(t => t.Method).Distinct().ToList();
        string baseline = methods.Contains("baseline") ? "baseline" : methods.FirstOrDefault() ?? "baseline";
        var (gaps, shifts) = Comparisons(points, collected.Samples, methods, baseline, definition.Points);
        var durations = collected.CycleEnds.Count > 0 ? collected.CycleEnds.Select(e => e / (double)roles.Values.First().StepsPerEpoch).ToList()
            : points.GroupBy(p => p.Point).OrderBy(g => g.Key).Select(g => g.First().Epochs).ToList();
        var frontierCandidates = points.Where(p => p.Curve != CurveKind.Trunk).ToList();
        var result = new TradeoffResult
        {
            Durations = durations,
            Points = points,
            Costs = CurveCosts(collected.Costs, definition),
            Ensembles = ensemblePoints,
            Gaps = gaps,
            Shifts = shifts,
            ParetoBySeconds = ParetoFrontier(frontierCandidates, p => p.CostSeconds),
            ParetoByEpochs = ParetoFrontier(frontierCandidates, p => p.CostEpochs),
            PredictedCostRatio = TradeoffDefinition.PredictedCostRatio(definition.Factor, definition.Points),
            Baseline = baseline,
            Unfinished = trials.Count(t => t.Curve is not null && !(t.Status is TrialStatus.Completed or TrialStatus.Diverged)),
            IncompleteSeeds = leftOut,
            Verdict = [],
        };
        return result with { Verdict = Verdict(result, definition.Points, done.Select(t => t.Seed).Distinct().Count()) };
    }

    private sealed record Cost(string Method, CurveKind Curve, long Seed, double Epochs, double Seconds);

    private sealed record EnsembleSample(string Method, CurveKind Curve, int Point, long Seed, double Epochs, int Members, double Top1);

    /// <summary>What the finished trials measured: accuracy samples, run costs, ensemble samples and the cycle ends (in steps).</summary>
    private sealed record Collected(List<Sample> Samples, List<Cost> Costs, List<EnsembleSample> Ensembles, IReadOnlyList<long> CycleEnds);

    private static bool Finished(TrialRow t) => t.Status is TrialStatus.Completed or TrialStatus.Diverged;

    /// <summary>
    /// The finished trials to use, and the seeds left out. Like is compared with like: once some seed has every trial
    /// finished, only such seeds are used (a seed half-way would pair a two-seed mean on one curve with a one-seed
    /// mean on another). Before that, whatever is there.
    /// </summary>
    private static (List<TrialRow> Done, List<string> LeftOut) UsableTrials(IReadOnlyList<TrialRow> trials, Dictionary<long, CurveRole> roles)
    {
        var complete = trials.Where(t => roles.ContainsKey(t.Id)).GroupBy(t => t.Seed).Where(g => g.All(Finished)).Select(g => g.Key).ToHashSet();
        var done = trials.Where(t => Finished(t) && roles.ContainsKey(t.Id) && (complete.Count == 0 || complete.Contains(t.Seed))).ToList();
        var leftOut = trials.Where(t => roles.ContainsKey(t.Id) && complete.Count > 0 && !complete.Contains(t.Seed)).GroupBy(t => t.Seed)
            .Select(g => $"seed {g.Key} ({g.Count(Finished)} of {g.Count()} trials finished)").ToList();
        return (done, leftOut);
    }

    /// <summary>Reads each finished trial by its curve role: where it was sampled, what it cost, its snapshot ensembles.</summary>
    private static Collected Collect(List<TrialRow> done, Dictionary<long, CurveRole> roles, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<EnsembleRow> ensembles)
    {
        var evals = evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.ToDictionary(e => e.Step));
        var ensemblesOf = ensembles.ToLookup(e => e.TrialId);
        var collected = new Collected([], [], [], []);
        IReadOnlyList<long> ends = [];
        foreach (var t in done)
        {
            var role = roles[t.Id];
            var at = evals.GetValueOrDefault(t.Id) ?? [];
            double spe = role.StepsPerEpoch;
            switch (role.Curve)
            {
                case CurveKind.Cyclic or CurveKind.Decaying or CurveKind.Trunk:
                    if (role.Curve != CurveKind.Trunk) ends = role.SampleSteps;
                    for (int k = 0; k < role.SampleSteps.Count; k++)
                    {
                        if (!at.TryGetValue(role.SampleSteps[k], out var e)) continue; // diverged before it
                        collected.Samples.Add(new Sample(t.Method, role.Curve, k, t.Seed, e.Step / spe, e.Top1, e.Step / spe, e.ComputeSeconds));
                    }

                    if (role.Curve != CurveKind.Trunk) collected.Costs.Add(new Cost(t.Method, role.Curve, t.Seed, (t.Steps ?? 0) / spe, t.ComputeSeconds ?? 0));
                    var sampleIndex = role.SampleSteps.Select((s, k) => (s, k)).ToDictionary(p => p.s, p => p.k);
                    foreach (var en in ensemblesOf[t.Id])
                        collected.Ensembles.Add(new EnsembleSample(t.Method, role.Curve, sampleIndex[en.Step], t.Seed, en.Step / spe, en.Members, en.Top1));
                    break;
                case CurveKind.Standard:
                    if (at.TryGetValue(role.BudgetSteps, out var final))
                        collected.Samples.Add(new Sample(t.Method, role.Curve, role.Point!.Value, t.Seed, final.Step / spe, final.Top1, final.Step / spe, final.ComputeSeconds));
                    collected.Costs.Add(new Cost(t.Method, role.Curve, t.Seed, (t.Steps ?? 0) / spe, t.ComputeSeconds ?? 0));
                    break;
                case CurveKind.Fork:
                    long from = role.StartFromStep ?? 0;
                    double before = at.TryGetValue(from, out var start) ? start.ComputeSeconds : 0;
                    if (at.TryGetValue(role.BudgetSteps, out var forkEnd))
                        collected.Samples.Add(new Sample(t.Method, role.Curve, role.Point!.Value, t.Seed, forkEnd.Step / spe, forkEnd.Top1, forkEnd.Step / spe, forkEnd.ComputeSeconds));
                    collected.Costs.Add(new Cost(t.Method, role.Curve, t.Seed, ((t.Steps ?? from) - from) / spe, (t.ComputeSeconds ?? before) - before)); // the cool-down only
                    break;
            }
        }

        // The fork curve's cost also includes its trunk, once.
        foreach (var t in done.Where(t => roles[t.Id].Curve == CurveKind.Trunk))
            collected.Costs.Add(new Cost(t.Method, CurveKind.Fork, t.Seed, (t.Steps ?? 0) / (double)roles[t.Id].StepsPerEpoch, t.ComputeSeconds ?? 0));
        return collected with { CycleEnds = ends };
    }

    /// <summary>Each curve's cost per seed, averaged over the seeds that ran all of its runs (over all seeds until one has).</summary>
    private static List<CurveCost> CurveCosts(List<Cost> costs, TradeoffDefinition definition)
    {
        int Runs(CurveKind curve) => curve switch
        {
            CurveKind.Standard => definition.Points,
            CurveKind.Fork => definition.Points + 1, // the trunk and every fork
            _ => 1,
        };
        return costs.GroupBy(c => (c.Method, c.Curve))
            .Select(g =>
            {
                var bySeed = g.GroupBy(c => c.Seed).ToList();
                var complete = bySeed.Where(s => s.Count() == Runs(g.Key.Curve)).ToList();
                var used = complete.Count > 0 ? complete : bySeed;
                return new CurveCost(g.Key.Method, g.Key.Curve, used.Average(s => s.Sum(c => c.Epochs)), used.Average(s => s.Sum(c => c.Seconds)), used.Count, complete.Count > 0);
            })
            .OrderBy(c => c.Method, StringComparer.Ordinal).ThenBy(c => c.Curve.ToText(), StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Each one-run curve against the standard curve of its method (gaps, with the seed-paired spread), and each
    /// method's shift from the baseline on both curves. The trunk's points sit at the fork steps, not at the
    /// durations: it is not compared.
    /// </summary>
    private static (List<CurveGap> Gaps, List<MethodShift> Shifts) Comparisons(List<CurvePoint> points, List<Sample> samples, List<string> methods, string baseline, int n)
    {
        double Acc(string method, CurveKind curve, int k) =>
            points.FirstOrDefault(p => p.Method == method && p.Curve == curve && p.Point == k)?.Top1 ?? double.NaN;
        double[] Curve(string method, CurveKind curve) => [.. Enumerable.Range(0, n).Select(k => Acc(method, curve, k))];
        var bySeed = samples.ToDictionary(s => (s.Method, s.Curve, s.Point, s.Seed), s => s.Top1);
        double PairedStd(string method, CurveKind curve, int k)
        {
            var diffs = bySeed.Where(e => e.Key.Method == method && e.Key.Curve == curve && e.Key.Point == k)
                .Where(e => bySeed.ContainsKey((method, CurveKind.Standard, k, e.Key.Seed)))
                .Select(e => e.Value - bySeed[(method, CurveKind.Standard, k, e.Key.Seed)]).ToList();
            return diffs.Count > 1 ? Std(diffs) : double.NaN;
        }

        CurveKind[] compared = [CurveKind.Cyclic, CurveKind.Decaying, CurveKind.Fork];
        var present = points.Select(p => p.Curve).ToHashSet();
        var gaps = new List<CurveGap>();
        var shifts = new List<MethodShift>();
        if (!present.Contains(CurveKind.Standard)) return (gaps, shifts);
        foreach (var curve in compared.Where(present.Contains))
        {
            foreach (string m in methods)
            {
                var std = Curve(m, CurveKind.Standard);
                var other = Curve(m, curve);
                gaps.Add(new CurveGap(m, curve, [.. Enumerable.Range(0, n).Select(k => 100 * (other[k] - std[k]))],
                    [.. Enumerable.Range(0, n).Select(k => 100 * PairedStd(m, curve, k))]));
                if (m == baseline) continue;
                var baseStd = Curve(baseline, CurveKind.Standard);
                var baseOther = Curve(baseline, curve);
                double[] shiftStd = [.. Enumerable.Range(0, n).Select(k => 100 * (std[k] - baseStd[k]))];
                double[] shiftOther = [.. Enumerable.Range(0, n).Select(k => 100 * (other[k] - baseOther[k]))];
                shifts.Add(new MethodShift(m, curve, shiftStd, shiftOther, CosineSimilarity(shiftStd, shiftOther)));
            }
        }

        return (gaps, shifts);
    }

    /// <summary>
    /// The points no other point beats: none takes at most as long and is at least as accurate with one of the two
    /// strictly better. Sorted by time.
    /// </summary>
    public static IReadOnlyList<CurvePoint> ParetoFrontier(IEnumerable<CurvePoint> points, Func<CurvePoint, double> time)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(time);
        var frontier = new List<CurvePoint>();
        double best = double.NegativeInfinity;
        foreach (var p in points.Where(p => double.IsFinite(time(p)) && double.IsFinite(p.Top1)).OrderBy(time).ThenByDescending(p => p.Top1))
        {
            if (p.Top1 <= best) continue; // something at most as long is at least as accurate
            frontier.Add(p);
            best = p.Top1;
        }

        return frontier;
    }

    /// <summary>Cosine of the angle between two vectors over the entries both have (NaN when either is all zeros or missing).</summary>
    public static double CosineSimilarity(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"vectors of different lengths ({a.Count} and {b.Count})");
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if (!double.IsFinite(a[i]) || !double.IsFinite(b[i])) continue;
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : double.NaN;
    }

    private static double Std(IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count < 2) return 0;
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
    }

    private static List<string> Verdict(TradeoffResult r, int n, int seeds)
    {
        var lines = new List<string>();
        string F(double v, string format = "0.00") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        var methods = r.Points.Select(p => p.Method).Distinct().ToList();
        // Costs are compared only between complete curves (averaged over the methods that have one).
        CurveCost? Cost(CurveKind curve) =>
            r.Costs.Where(c => c.Curve == curve && c.Complete).ToList() is { Count: > 0 } cs ? new CurveCost("all", curve, cs.Average(c => c.Epochs), cs.Average(c => c.Seconds), cs.Min(c => c.Seeds)) : null;
        var standard = Cost(CurveKind.Standard);
        foreach (var curve in new[] { CurveKind.Cyclic, CurveKind.Decaying, CurveKind.Fork })
        {
            if (!r.Points.Any(p => p.Curve == curve)) continue;
            var cost = Cost(curve);
            var g = r.Gaps.Where(x => x.Curve == curve).ToList();
            var all = g.SelectMany(x => x.Gaps).Where(double.IsFinite).ToList();
            var spreads = g.SelectMany(x => x.GapStds ?? []).Where(double.IsFinite).ToList();
            string gap = all.Count == 0
                ? $"{curve.ToText()}: no duration has both a {curve.ToText()} and a standard point yet"
                : $"{curve.ToText()} - standard: mean {F(all.Average())} pp, max |gap| {F(all.Max(Math.Abs))} pp over {all.Count} points ({methods.Count} methods x {n} durations, mean of {seeds} seed{(seeds == 1 ? "" : "s")}"
                  + (spreads.Count > 0 ? $"; the gap's paired std over seeds averages {F(spreads.Average())} pp" : "") + ")";
            string money = cost is null
                ? "cost: curve not complete yet"
                : standard is null
                ? $"cost {F(cost.Epochs, "0.#")} epochs, {F(cost.Seconds, "0")} s per method (no complete standard curve to compare)"
                : $"cost {F(cost.Epochs, "0.#")} vs {F(standard.Epochs, "0.#")} epochs per method ({F(standard.Epochs / cost.Epochs)}x cheaper"
                  + (curve == CurveKind.Fork ? "" : $"; predicted {F(r.PredictedCostRatio)}x") + $"), {F(cost.Seconds, "0")} vs {F(standard.Seconds, "0")} s ({F(standard.Seconds / cost.Seconds)}x)";
            lines.Add($"{gap}; {money}.");
        }

        foreach (var group in r.Shifts.GroupBy(s => s.Curve))
            lines.Add($"method shifts vs {r.Baseline}, cosine similarity of {group.Key.ToText()} with standard: {string.Join(", ", group.Select(s => $"{s.Method} {F(s.CosineSimilarity, "0.000")}"))}.");

        var best = r.ParetoBySeconds.Count > 0 ? r.ParetoBySeconds[^1] : null;
        if (best is not null)
            lines.Add($"most accurate point on the seconds frontier: {best.Method} {best.Curve.ToText()} at {F(best.Epochs, "0.##")} epochs, {F(100 * best.Top1)}% in {F(best.CostSeconds, "0")} s; the frontier has {r.ParetoBySeconds.Count} points ({string.Join(", ", r.ParetoBySeconds.GroupBy(p => p.Curve).Select(c => $"{c.Count()} {c.Key.ToText()}"))}).");
        if (r.IncompleteSeeds.Count > 0)
            lines.Add($"left out until all their trials are finished: {string.Join(", ", r.IncompleteSeeds)}; every number above is from the seeds whose curves are all complete.");
        else if (r.Unfinished > 0) lines.Add($"{r.Unfinished} trials are not finished; their points are missing.");
        return lines;
    }
}
