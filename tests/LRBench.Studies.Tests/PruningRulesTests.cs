using LRBench.Schedules;
using LRBench.Studies.Pruning;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;

namespace LRBench.Studies.Tests;

/// <summary>The pruners' rules on hand-made scores, and where rungs fall on a run's clock.</summary>
public sealed class PruningRulesTests
{
    [Theory]
    [InlineData(0.5, new double[0], RungDecision.Continue)] // the first arrival: the best so far
    [InlineData(0.7, new[] { 0.8 }, RungDecision.Stop)] // fewer than eta: only the best so far goes on
    [InlineData(0.9, new[] { 0.8 }, RungDecision.Continue)]
    [InlineData(0.8, new[] { 0.8 }, RungDecision.Continue)] // ties go on
    [InlineData(0.85, new[] { 0.9, 0.8 }, RungDecision.Stop)] // n = 3: the top 1
    [InlineData(0.85, new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, RungDecision.Continue)] // n = 6: the top 2
    [InlineData(0.79, new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, RungDecision.Stop)]
    [InlineData(0.6, new[] { 0.9, double.NaN, double.NaN, double.NaN, double.NaN }, RungDecision.Continue)] // NaN (diverged probes) count as the worst
    [InlineData(double.NaN, new double[0], RungDecision.Stop)]
    public void Asha_keeps_the_top_one_over_eta_of_the_scores_at_the_rung(double score, double[] others, RungDecision expected) =>
        Assert.Equal(expected, PruningRules.Asha(score, others, reductionFactor: 3));

    [Fact]
    public void Asha_with_eta_2_keeps_half()
    {
        Assert.Equal(RungDecision.Continue, PruningRules.Asha(0.6, [0.9, 0.5, 0.4], 2)); // n = 4, top 2: 0.9 and 0.6
        Assert.Equal(RungDecision.Stop, PruningRules.Asha(0.5, [0.9, 0.6, 0.4], 2));
    }

    [Theory]
    [InlineData(0.1, new[] { 0.9, 0.8 }, 3, RungDecision.Continue)] // fewer than min_trials others: nothing is stopped
    [InlineData(0.79, new[] { 0.9, 0.8, 0.7 }, 3, RungDecision.Stop)] // median 0.8
    [InlineData(0.8, new[] { 0.9, 0.8, 0.7 }, 3, RungDecision.Continue)]
    [InlineData(0.74, new[] { 0.9, 0.8, 0.7, 0.6 }, 3, RungDecision.Stop)] // even count: median (0.8 + 0.7) / 2 = 0.75
    [InlineData(0.76, new[] { 0.9, 0.8, 0.7, 0.6 }, 3, RungDecision.Continue)]
    [InlineData(double.NaN, new[] { 0.9, 0.8, 0.7 }, 3, RungDecision.Stop)]
    public void The_median_rule_stops_a_trial_whose_best_is_below_the_others_median(double best, double[] others, int minTrials, RungDecision expected) =>
        Assert.Equal(expected, PruningRules.Median(best, others, minTrials));

    private static PrunerDefinition Asha(double minEpochs, int eta = 3, FairRungs? fair = null) =>
        new() { Name = "asha", MinResource = Duration.Epochs(minEpochs), Settings = new Dictionary<string, double> { ["reduction_factor"] = eta }, Fair = fair };

    [Fact]
    public void Asha_rungs_are_min_resource_times_powers_of_eta_before_the_end()
    {
        // The 13-function study: 469 steps an epoch, 5 epochs; min 0.5 epoch, eta 3: 234.5, 703.5, 2110.5 (rounded to even).
        var clock = new RunClock(469, 2345);
        Assert.Equal([234L, 704L, 2110L], RungPlanner.RungSteps(Asha(0.5), clock, 234.5));
        Assert.Equal([469L, 1407L], RungPlanner.RungSteps(Asha(1), clock, 234.5));
        Assert.Empty(RungPlanner.RungSteps(Asha(5), clock, 234.5)); // the first rung is the end: a single evaluation point
    }

    [Fact]
    public void Median_rungs_are_the_evaluations_after_the_warm_up_and_before_the_end()
    {
        var median = new PrunerDefinition { Name = "median", MinResource = Duration.Epochs(1), Settings = new Dictionary<string, double> { ["min_trials"] = 3 } };
        Assert.Equal([100L, 150L], RungPlanner.RungSteps(median, new RunClock(100, 200), 50));
        Assert.Empty(RungPlanner.RungSteps(median, new RunClock(100, 200), 200)); // evaluated only at the end
    }

    [Fact]
    public void Without_fair_rungs_each_trial_is_judged_at_the_rung()
    {
        var rungs = RungPlanner.Place([20, 60], step => 0.1, fair: null, probeSteps: 5);
        Assert.Equal([new Rung(0, 20, 20, 0), new Rung(1, 60, 60, 0)], rungs);
    }

    [Fact]
    public void Fair_rungs_judge_a_triangular_policy_at_its_last_cycle_end_and_a_decaying_one_after_a_probe()
    {
        // A triangle of period 40 steps: lowest at steps 0, 40, 80, ...; step 40 is its first cycle end after step 0,
        // so the model after 41 steps (the last one at the lowest LR) is a finished one.
        static double Triangle(long step) => 0.001 + (0.1 * Math.Abs(((step + 20) % 40) - 20) / 20.0);
        var fair = new FairRungs { Anneal = Duration.Steps(5) };
        var cyclic = RungPlanner.Place([30, 90], Triangle, fair, probeSteps: 5);
        Assert.Equal(new Rung(0, 30, 30, 5), cyclic[0]); // (0, 30]: the run's start is no cycle end, so a probe
        Assert.Equal(new Rung(1, 90, 81, 0), cyclic[1]); // (30, 90]: cycle ends after 41 and 81 steps; the last one
        // A cycle bottoming out on the rung's own last step ends one step after the rung.
        Assert.Equal(new Rung(1, 80, 81, 0), RungPlanner.Place([30, 80], Triangle, fair, probeSteps: 5)[1]);

        var decaying = RungPlanner.Place([30, 90], step => 0.1 * Math.Pow(0.99, step), fair, probeSteps: 5);
        Assert.All(decaying, r => Assert.Equal((r.RungStep, 5L), (r.Step, r.ProbeSteps)));
        var adaptive = RungPlanner.Place([30], learningRate: null, fair, probeSteps: 5);
        Assert.Equal(new Rung(0, 30, 30, 5), adaptive[0]);
    }

    [Fact]
    public void A_step_decay_is_no_cycle_end_and_a_shallow_wave_is_not_a_cycle()
    {
        Assert.Null(RungPlanner.LastCycleEnd(step => step < 50 ? 0.1 : 0.01, 0, 100)); // falls, never rises again
        Assert.Null(RungPlanner.LastCycleEnd(step => 0.1 + (0.01 * Math.Sin(step / 5.0)), 0, 100)); // highest < 2 x lowest
    }

    [Theory]
    [InlineData("1000000000ep", "3ep", "pruner.fair.anneal: 1000000000ep is longer than the whole budget (3ep)")]
    [InlineData("1e308ep", "3ep", "pruner.fair.anneal: ")]
    [InlineData("100000ba", "2ep", "pruner.fair.anneal: 100000ba is 1E+05 steps, longer than the run's 80 steps")]
    public void An_anneal_probe_longer_than_the_run_is_refused_with_its_line(string anneal, string budget, string expected)
    {
        string text = "name: long-anneal\n"
            + "task: {dataset: synthetic, model: \"mlp:8\", batch_size: 50, budget: " + budget + ", evaluate_every: 0.5ep}\n"
            + "policies: [\"FIX(k0=0.05)\", \"FIX(k0=0.1)\"]\n"
            + "pruner: {name: median, min_resource: 1ep, fair: {anneal: " + anneal + "}}\n";
        string dir = Directory.CreateTempSubdirectory("lrbench-anneal-").FullName;
        try
        {
            var e = Assert.ThrowsAny<Exception>(() =>
            {
                var study = LRBench.Studies.Definition.StudyParser.Parse(text, "long-anneal.yaml");
                using var store = LRBench.Studies.Storage.StudyStore.Open($"sqlite:{Path.Combine(dir, "s.db")}");
                new StudyRunner(store, new RunnerOptions { OutputDirectory = dir, Parallel = 1 }).Submit(study, text);
            });
            Assert.IsType<StudyFileException>(e);
            Assert.Contains("long-anneal.yaml:4: " + expected, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
