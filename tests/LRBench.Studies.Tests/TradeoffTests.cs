using System.Text.Json;
using LRBench.Schedules;
using LRBench.Schedules.Shapes;
using LRBench.Studies.Definition;
using LRBench.Studies.Storage;
using LRBench.Studies.Tradeoff;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>Tradeoff studies (seed 000): the sample points, the cost arithmetic, Pareto frontiers and method-shift similarity.</summary>
public sealed class TradeoffTests
{
    private static TradeoffDefinition Seed000Like(int points = 5) => new()
    {
        PeakLr = 0.05,
        Warmup = Duration.Epochs(1),
        FirstPeriod = Duration.Epochs(1),
        Factor = 2,
        Points = points,
        Curves = [CurveKind.Cyclic, CurveKind.Standard, CurveKind.Decaying, CurveKind.Fork],
    };

    [Fact]
    public void Cycle_ends_fall_on_2_4_8_16_32_epochs_and_agree_with_the_cyclic_policy()
    {
        var t = Seed000Like();
        var s = t.Resolve(469); // Fashion-MNIST at batch 128
        Assert.Equal([938L, 1876, 3752, 7504, 15008], s.Ends);
        Assert.Equal([2.0, 4, 8, 16, 32], s.Ends.Select(s.Epochs));
        Assert.Equal(s.Ends.Select(e => e - (long)Math.Round(0.2 * e)), s.Forks);

        var variants = t.Variants(469);
        var cyclic = variants.Single(v => v.Curve!.Curve == CurveKind.Cyclic);
        var schedule = (MultiplicativeCyclic)LRBench.Adaptive.Policies.Registry.Compile(cyclic.Policy, new RunClock(469) { TotalSteps = s.Ends[^1] });
        Assert.Equal(s.Ends, schedule.CycleEnds(s.Ends[^1]));
        Assert.Equal(s.Ends, cyclic.Curve!.SampleSteps);

        // One standard run and one fork per duration; the trunk stops at the last fork point and snapshots every one.
        Assert.Equal(s.Ends.Reverse(), variants.Where(v => v.Curve!.Curve == CurveKind.Standard).Select(v => v.Curve!.BudgetSteps));
        var trunk = variants.Single(v => v.Curve!.Curve == CurveKind.Trunk);
        Assert.Equal(s.Forks, trunk.Curve!.SampleSteps);
        Assert.True(trunk.Curve.KeepsSnapshots);
        var forks = variants.Where(v => v.Curve!.Curve == CurveKind.Fork).ToList();
        Assert.All(forks, f => Assert.Same(trunk, f.StartFrom));
        Assert.Equal(s.Forks.Reverse(), forks.Select(f => f.Curve!.StartFromStep!.Value));
        // The trunk comes before its forks in the queue.
        Assert.True(variants.ToList().IndexOf(trunk) < variants.ToList().IndexOf(forks[0]));
    }

    [Fact]
    public void Every_curve_shares_the_warm_up_and_the_first_cycle_is_the_shortest_standard_run()
    {
        var t = Seed000Like(3);
        var s = t.Resolve(50);
        var v = t.Variants(50);
        Schedule Compile(PolicyVariant p) => LRBench.Adaptive.Policies.Registry.Compile(p.SpecText, new RunClock(50) { TotalSteps = p.Curve!.BudgetSteps });
        var cyclic = Compile(v.Single(p => p.Curve!.Curve == CurveKind.Cyclic));
        var shortest = Compile(v.Single(p => p.Curve!.Curve == CurveKind.Standard && p.Curve!.Point == 0));
        var trunk = Compile(v.Single(p => p.Curve!.Curve == CurveKind.Trunk));
        var longFork = v.Single(p => p.Curve!.Curve == CurveKind.Fork && p.Curve!.Point == 2);
        var fork = Compile(longFork);
        for (long step = 0; step < s.Ends[0]; step++)
            Assert.Equal(shortest.LearningRate(step), cyclic.LearningRate(step), 12); // warm-up + first cosine = the 2-epoch standard run
        for (long step = 0; step < longFork.Curve!.StartFromStep; step++)
            Assert.Equal(trunk.LearningRate(step), fork.LearningRate(step), 12); // a fork follows its trunk until it branches
        Assert.Equal(0.05, fork.LearningRate(longFork.Curve.StartFromStep!.Value), 12); // the cool-down starts at the peak
        Assert.True(fork.LearningRate(s.Ends[2] - 1) < 0.05 * 0.25);
        for (long step = 0; step < s.Warmup; step++)
            Assert.Equal(0.05 * step / s.Warmup, trunk.LearningRate(step), 12);
    }

    [Theory]
    [InlineData(2.0, 3, 1.75)]
    [InlineData(2.0, 4, 1.875)]
    [InlineData(2.0, 6, 1.96875)]
    [InlineData(3.0, 6, 364.0 / 243.0)]
    public void The_predicted_cost_ratio_is_the_closed_form(double r, int n, double expected)
    {
        Assert.Equal(expected, TradeoffDefinition.PredictedCostRatio(r, n), 12);
        // ... which is the sum of the geometric durations over the longest one.
        double sum = Enumerable.Range(0, n).Sum(k => Math.Pow(r, k));
        Assert.Equal(sum / Math.Pow(r, n - 1), TradeoffDefinition.PredictedCostRatio(r, n), 12);
    }

    /// <summary>Stored rows for every trial of a tradeoff with known accuracies: 1 ms per step, accuracy from a formula.</summary>
    private static (List<TrialRow> Trials, List<EvaluationRow> Evaluations) Fabricate(TradeoffDefinition t, long spe, Func<string, CurveKind, int, double> accuracy)
    {
        var trials = new List<TrialRow>();
        var evaluations = new List<EvaluationRow>();
        long id = 0;
        foreach (string method in new[] { "baseline", "ls", "mixup" })
        {
            foreach (var v in t.Variants(spe))
            {
                var role = v.Curve!;
                var row = new TrialRow
                {
                    Id = ++id, Trial = TestTrials.Make(v.Label, v.SpecText, method, 0, role), Status = TrialStatus.Completed, Steps = role.BudgetSteps,
                    TotalSteps = role.BudgetSteps, ComputeSeconds = role.BudgetSteps * 1e-3,
                };
                trials.Add(row);
                var steps = role.SampleSteps.ToList();
                if (role.StartFromStep is long from) steps.Insert(0, from); // a fork's inherited evaluation
                foreach (long step in steps)
                {
                    int k = role.Point ?? role.SampleSteps.ToList().IndexOf(step);
                    evaluations.Add(new EvaluationRow { TrialId = row.Id, Step = step, Top1 = step == role.StartFromStep ? 0.5 : accuracy(method, role.Curve, k), ComputeSeconds = step * 1e-3 });
                }
            }
        }

        return (trials, evaluations);
    }

    [Fact]
    public void Costs_gaps_and_method_shifts_come_out_of_stored_rows_as_computed_by_hand()
    {
        var t = Seed000Like(4);
        const long spe = 10;
        // Shifts against the baseline: ls moves the standard curve by +1, +2, +3, +4 pp and the cyclic one by twice
        // that (cosine 1); mixup moves the standard curve by +1..+4 and the cyclic curve by -1..-4 (cosine -1).
        double Accuracy(string method, CurveKind curve, int k)
        {
            double baseline = 0.80 + (0.02 * k) + (curve == CurveKind.Cyclic ? -0.005 : 0) + (curve == CurveKind.Fork ? 0.003 * k : 0);
            double shift = (k + 1) / 100.0;
            return method switch
            {
                "ls" => baseline + (curve == CurveKind.Cyclic ? 2 * shift : shift),
                "mixup" => baseline + (curve == CurveKind.Cyclic ? -shift : shift),
                _ => baseline,
            };
        }

        var (trials, evaluations) = Fabricate(t, spe, Accuracy);
        var r = TradeoffAnalysis.Analyse(t, trials, evaluations, []);
        var s = t.Resolve(spe);

        // Cost in epochs: the standard curve trains every duration, the cyclic one only the longest. With the warm-up
        // as long as the first period the durations are a geometric grid, so the ratio is the closed form exactly.
        var std = r.Costs.Single(c => c.Method == "baseline" && c.Curve == CurveKind.Standard);
        var cyc = r.Costs.Single(c => c.Method == "baseline" && c.Curve == CurveKind.Cyclic);
        Assert.Equal(s.Ends.Sum() / (double)spe, std.Epochs, 12);
        Assert.Equal(s.Ends[^1] / (double)spe, cyc.Epochs, 12);
        Assert.Equal(TradeoffDefinition.PredictedCostRatio(2, 4), std.Epochs / cyc.Epochs, 12);
        Assert.Equal(TradeoffDefinition.PredictedCostRatio(2, 4), std.Seconds / cyc.Seconds, 9);
        // Fork-and-anneal: the trunk once, plus each cool-down.
        var fork = r.Costs.Single(c => c.Method == "baseline" && c.Curve == CurveKind.Fork);
        Assert.Equal((s.Forks[^1] + s.Ends.Zip(s.Forks, (e, f) => e - f).Sum()) / (double)spe, fork.Epochs, 12);
        Assert.Equal(fork.Epochs * spe * 1e-3, fork.Seconds, 9);
        // A fork's point cost counts the trunk up to its start.
        Assert.Equal(s.Ends[1] * 1e-3, r.Points.Single(p => p.Method == "baseline" && p.Curve == CurveKind.Fork && p.Point == 1).CostSeconds, 9);

        var gap = r.Gaps.Single(g => g.Method == "baseline" && g.Curve == CurveKind.Cyclic);
        Assert.All(gap.Gaps, g => Assert.Equal(-0.5, g, 9));
        Assert.Equal(0.3 * 3, r.Gaps.Single(g => g.Method == "baseline" && g.Curve == CurveKind.Fork).MaxAbsolute, 9);

        var ls = r.Shifts.Single(x => x.Method == "ls" && x.Curve == CurveKind.Cyclic);
        Assert.Equal([1.0, 2, 3, 4], ls.Standard.Select(v => Math.Round(v, 9)));
        Assert.Equal([2.0, 4, 6, 8], ls.Other.Select(v => Math.Round(v, 9)));
        Assert.Equal(1, ls.CosineSimilarity, 9);
        Assert.Equal(-1, r.Shifts.Single(x => x.Method == "mixup" && x.Curve == CurveKind.Cyclic).CosineSimilarity, 9);
        Assert.Equal("baseline", r.Baseline);
        // Gaps: baseline -0.5 at every duration, ls -0.5 + (1..4), mixup -0.5 - 2 x (1..4): mean -16/12, max 8.5.
        Assert.Contains(r.Verdict, l => l.StartsWith("cyclic - standard: mean -1.33 pp, max |gap| 8.50 pp over 12 points (3 methods x 4 durations", StringComparison.Ordinal)
            && l.Contains("predicted 1.88x", StringComparison.Ordinal));

        // The frontier is exactly the set of undominated points (checked by brute force).
        var candidates = r.Points.Where(p => p.Curve != CurveKind.Trunk).ToList();
        foreach (var (frontier, time) in new[] { (r.ParetoBySeconds, (Func<CurvePoint, double>)(p => p.CostSeconds)), (r.ParetoByEpochs, p => p.CostEpochs) })
        {
            var undominated = candidates.Where(p => !candidates.Any(q =>
                time(q) <= time(p) && q.Top1 >= p.Top1 && (time(q) < time(p) || q.Top1 > p.Top1))).ToHashSet();
            Assert.Equal(undominated.OrderBy(time).ThenBy(p => p.Top1).ToList(), frontier.OrderBy(time).ThenBy(p => p.Top1).ToList());
        }
    }

    [Fact]
    public void A_curve_with_runs_still_missing_is_not_priced_as_a_whole_one()
    {
        var t = Seed000Like(4);
        var (trials, evaluations) = Fabricate(t, 10, (_, _, k) => 0.8 + (0.01 * k));
        var pending = trials.First(x => x.Method == "baseline" && x.Label.StartsWith("standard", StringComparison.Ordinal));
        trials[trials.IndexOf(pending)] = pending with { Status = TrialStatus.Pending };
        evaluations.RemoveAll(e => e.TrialId == pending.Id);
        var r = TradeoffAnalysis.Analyse(t, trials, evaluations, []);

        var partial = r.Costs.Single(c => c.Method == "baseline" && c.Curve == CurveKind.Standard);
        Assert.False(partial.Complete);
        Assert.True(r.Costs.Single(c => c.Method == "ls" && c.Curve == CurveKind.Standard).Complete);
        Assert.Equal(1, r.Unfinished);
        // The verdict's ratio comes from the methods whose curves are complete: still the closed form.
        Assert.Contains(r.Verdict, l => l.StartsWith("cyclic - standard", StringComparison.Ordinal) && l.Contains("(1.88x cheaper; predicted 1.88x)", StringComparison.Ordinal));
        Assert.Contains(r.Verdict, l => l == "1 trials are not finished; their points are missing.");
    }

    [Fact]
    public void A_seed_half_way_is_left_out_once_another_seed_is_complete()
    {
        var t = Seed000Like(3);
        var (trials, evaluations) = Fabricate(t, 10, (_, _, k) => 0.8 + (0.01 * k));
        // Seed 1: the same trials with 2 points lower accuracy, its standard runs not started.
        long next = trials.Max(x => x.Id);
        foreach (var x in trials.ToList())
        {
            long id = ++next;
            bool pending = x.Label.StartsWith("standard", StringComparison.Ordinal);
            trials.Add(new TrialRow { Id = id, Trial = x.Trial with { Training = x.Trial.Training with { Seed = 1 } }, Status = pending ? TrialStatus.Pending : TrialStatus.Completed, Steps = x.Steps, ComputeSeconds = x.ComputeSeconds });
            if (!pending) evaluations.AddRange(evaluations.Where(e => e.TrialId == x.Id).ToList().Select(e => new EvaluationRow { TrialId = id, Step = e.Step, Top1 = e.Top1 - 0.02, ComputeSeconds = e.ComputeSeconds }));
        }

        var r = TradeoffAnalysis.Analyse(t, trials, evaluations, []);
        Assert.All(r.Points, p => Assert.Equal(1, p.Seeds)); // seed 0 only
        Assert.All(r.Gaps.Where(g => g.Curve == CurveKind.Cyclic), g => Assert.All(g.Gaps, v => Assert.Equal(0, v, 9)));
        Assert.Equal(["seed 1 (18 of 27 trials finished)"], r.IncompleteSeeds); // 3 methods x (cyclic, decaying, trunk, 3 standard, 3 forks)
        Assert.Contains(r.Verdict, l => l.StartsWith("left out until all their trials are finished: seed 1", StringComparison.Ordinal));
    }

    [Fact]
    public void With_two_complete_seeds_gaps_are_means_of_paired_differences_with_their_spread()
    {
        var t = Seed000Like(3);
        // Seed 0: cyclic 0.4 pp below standard at every point. Seed 1: the whole seed 1 point lower, and its cyclic
        // curve 0.2 pp above its standard. Paired gaps -0.4 and +0.2: mean -0.1, sample std 0.6 / sqrt 2.
        var (trials, evaluations) = Fabricate(t, 10, (_, curve, k) => 0.8 + (0.01 * k) - (curve == CurveKind.Cyclic ? 0.004 : 0));
        long next = trials.Max(x => x.Id);
        foreach (var x in trials.ToList())
        {
            long id = ++next;
            trials.Add(new TrialRow { Id = id, Trial = x.Trial with { Training = x.Trial.Training with { Seed = 1 } }, Status = TrialStatus.Completed, Steps = x.Steps, ComputeSeconds = x.ComputeSeconds });
            bool cyclic = x.Label.StartsWith("cyclic", StringComparison.Ordinal);
            evaluations.AddRange(evaluations.Where(e => e.TrialId == x.Id).ToList().Select(e => new EvaluationRow
            {
                TrialId = id, Step = e.Step, Top1 = e.Top1 - 0.01 + (cyclic ? 0.006 : 0), ComputeSeconds = e.ComputeSeconds,
            }));
        }

        var r = TradeoffAnalysis.Analyse(t, trials, evaluations, []);
        Assert.All(r.Points.Where(p => p.Curve != CurveKind.Trunk), p => Assert.Equal(2, p.Seeds));
        var gap = r.Gaps.Single(g => g.Method == "baseline" && g.Curve == CurveKind.Cyclic);
        Assert.All(gap.Gaps, g => Assert.Equal(-0.1, g, 9));
        Assert.All(gap.GapStds!, g => Assert.Equal(0.6 / Math.Sqrt(2), g, 9));
        // The standard runs' own spread is the seed offset alone (1 point): unpaired, it would hide the gap.
        Assert.Equal(1 / Math.Sqrt(2), r.Points.First(p => p.Curve == CurveKind.Standard && p.Point == 1).Top1Std * 100, 9);
        Assert.Empty(r.IncompleteSeeds);

        // The report prints each gap with its paired spread, and the verdict its average.
        string md = LRBench.Studies.Reports.TradeoffReport.Markdown(new StudyRow { Name = "two-seeds" }, r);
        Assert.Contains("| -0.10 ± 0.42 |", md, StringComparison.Ordinal);
        Assert.Contains("the gap's paired std over seeds averages", md, StringComparison.Ordinal);
        Assert.DoesNotContain("-+", md, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pareto_frontier_of_known_points()
    {
        CurvePoint P(string name, double seconds, double top1) => new(name, CurveKind.Standard, 0, 1, top1, 0, 1, seconds, seconds);
        var points = new[] { P("a", 10, 0.80), P("b", 20, 0.85), P("c", 20, 0.83), P("d", 30, 0.84), P("e", 5, 0.70), P("f", 40, 0.90), P("g", 10, 0.80) };
        var frontier = TradeoffAnalysis.ParetoFrontier(points, p => p.CostSeconds);
        // c is beaten by b (same time), d by b (faster, better), g duplicates a (kept once).
        Assert.Equal(["e", "a", "b", "f"], frontier.Select(p => p.Method));
    }

    [Fact]
    public void Cosine_similarity_of_known_vectors()
    {
        Assert.Equal(1, TradeoffAnalysis.CosineSimilarity([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(0, TradeoffAnalysis.CosineSimilarity([1, 0], [0, 3]), 12);
        Assert.Equal(-1, TradeoffAnalysis.CosineSimilarity([1, -1], [-2, 2]), 12);
        Assert.Equal(1 / Math.Sqrt(2), TradeoffAnalysis.CosineSimilarity([1, 1], [1, 0]), 12);
        Assert.Equal(1, TradeoffAnalysis.CosineSimilarity([1, double.NaN, 2], [2, 5, 4]), 12); // missing points are left out
        Assert.True(double.IsNaN(TradeoffAnalysis.CosineSimilarity([0, 0], [1, 2])));
        Assert.Throws<ArgumentException>(() => TradeoffAnalysis.CosineSimilarity([1], [1, 2]));
    }

    private const string Tiny = """
        name: t
        task: {dataset: synthetic, model: "mlp:8", batch_size: 50}
        tradeoff: {peak_lr: 0.1, warmup: 10ba, first_period: 10ba, points: 3, curves: [cyclic, fork]}
        """;

    [Theory]
    [InlineData("curves: [cyclic, fork]", "curves: [cyclic, sawtooth]", "unknown curve 'sawtooth'; known: cyclic, standard, decaying, fork")]
    [InlineData("points: 3", "points: 1", "tradeoff.points: must be an integer >= 2")]
    [InlineData("points: 3", "points: 3, factor: 1", "tradeoff.factor: must be in (1, 16]")]
    [InlineData("points: 3", "points: 3, fork: {fraction: 0.9}", "inside the 10-step warm-up")]
    [InlineData("points: 3", "points: 3, fork: {shape: exp}", "unknown shape 'exp'; known: linear, cosine, 1-sqrt")]
    [InlineData("batch_size: 50}", "batch_size: 50, budget: 4ep}", "task.budget: a tradeoff study's run lengths come from tradeoff")]
    [InlineData("warmup: 10ba", "warmup: 0.1dur", "tradeoff.warmup: must be in epochs (1ep) or steps (500ba)")]
    public void Bad_tradeoff_files_name_what_is_wrong(string from, string to, string message)
    {
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(Tiny.Replace(from, to, StringComparison.Ordinal), "t.yaml"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tradeoff_file_lays_out_its_trials_once_the_epoch_length_is_known()
    {
        var study = StudyParser.Parse(Tiny, "t.yaml");
        Assert.True(study.NeedsEpochLength);
        Assert.Throws<InvalidOperationException>(() => study.Trials());
        var laidOut = study.ForEpochLength(40);
        // cyclic + trunk + 3 forks; keys stable and distinct.
        Assert.Equal(5, laidOut.Trials().Count);
        Assert.Equal(laidOut.Trials().Select(x => x.Key), StudyParser.Parse(Tiny, "t.yaml").ForEpochLength(40).Trials().Select(x => x.Key));
        Assert.Equal(5, laidOut.Trials().Select(x => x.Key).Distinct().Count());
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(Tiny + "\npolicies: [\"FIX(k0=0.1)\"]", "t.yaml"));
        Assert.Contains("give one or the other", e.Message, StringComparison.Ordinal);
    }
}
