using LRBench.Schedules;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Pruning;

namespace LRBench.Studies.Tests;

/// <summary>
/// The percentile pruner, added through the pruner seam (its own file and one registration line): its rule against
/// hand-worked percentiles and against the median rule it generalises, and the study file that names it.
/// </summary>
public sealed class PercentilePrunerTests
{
    [Theory]
    // others 0.5, 0.6, 0.7, 0.8, 0.9: keep 25 -> the 75th percentile, position 0.75 x 4 = 3 -> 0.8 exactly.
    [InlineData(25.0, 0.79, RungDecision.Stop)]
    [InlineData(25.0, 0.80, RungDecision.Continue)]
    // keep 40 -> the 60th percentile, position 2.4 -> 0.7 + 0.4 x 0.1 = 0.74.
    [InlineData(40.0, 0.739, RungDecision.Stop)]
    [InlineData(40.0, 0.741, RungDecision.Continue)]
    // keep 90 -> the 10th percentile, position 0.4 -> 0.54.
    [InlineData(90.0, 0.53, RungDecision.Stop)]
    [InlineData(90.0, 0.55, RungDecision.Continue)]
    public void A_trial_below_the_kept_percentile_of_the_others_stops(double percentile, double best, RungDecision expected) =>
        Assert.Equal(expected, new PercentilePruner(percentile, minTrials: 3).Decide(new RungEvidence(best, [0.9, 0.5, 0.8, 0.6, 0.7], [])));

    [Fact]
    public void It_judges_the_best_score_so_far_waits_for_min_trials_and_stops_a_trial_that_measured_nothing()
    {
        var pruner = new PercentilePruner(50, minTrials: 3);
        Assert.Equal(RungDecision.Continue, pruner.Decide(new RungEvidence(0.1, [0.9, 0.8], []))); // two others: too few
        Assert.Equal(RungDecision.Continue, pruner.Decide(new RungEvidence(0.1, [0.9, 0.8, 0.7], [0.85]))); // its earlier 0.85 counts
        Assert.Equal(RungDecision.Stop, pruner.Decide(new RungEvidence(double.NaN, [0.9, 0.8, 0.7], [])));
        // A diverged other (NaN) is the worst score, not a hole in the percentile.
        Assert.Equal(RungDecision.Continue, pruner.Decide(new RungEvidence(0.6, [0.9, double.NaN, double.NaN, 0.5], [])));
    }

    [Fact]
    public void At_percentile_50_it_decides_as_the_median_rule_on_random_scores()
    {
        var rng = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var others = Enumerable.Range(0, rng.Next(0, 9)).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
            double best = Math.Round(rng.NextDouble(), 2);
            var evidence = new RungEvidence(best, others, []);
            Assert.Equal(PruningRules.Median(best, others, minTrials: 2), new PercentilePruner(50, minTrials: 2).Decide(evidence));
        }
    }

    [Fact]
    public void A_study_file_names_it_with_its_settings_and_gets_defaults_and_range_checks()
    {
        const string head = """
            name: p
            task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 4ep, evaluate_every: 1ep}
            policies: ["FIX(k0=0.1)"]
            """;
        var study = StudyParser.Parse(head + "\npruner: {name: percentile, percentile: 40, min_resource: 1ep}\n", "p.yaml");
        Assert.Equal("percentile", study.Pruner!.Name);
        Assert.Equal(40, study.Pruner.Setting("percentile"));
        Assert.Equal(3, study.Pruner.Setting("min_trials"));
        Assert.Equal([100L, 200L, 300L], RungPlanner.RungSteps(study.Pruner, new RunClock(100, 400), 100));

        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(head + "\npruner: {name: percentile, percentile: 100}\n", "p.yaml"));
        Assert.Equal("p.yaml:4: pruner.percentile: must be a number above 0 and below 100, got 100", e.Message);
        e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(head + "\npruner: {name: percentile, reduction_factor: 3}\n", "p.yaml"));
        Assert.Equal("p.yaml:4: pruner.reduction_factor: belongs to asha; percentile has percentile, min_trials", e.Message);
        Assert.Null(Pruners.Problem(study.Pruner));
        Assert.Equal("percentile's percentile must be a number above 0 and below 100, not 0", Pruners.Problem(study.Pruner with { Settings = new Dictionary<string, double> { ["percentile"] = 0, ["min_trials"] = 3 } }));
    }
}
