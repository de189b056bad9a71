using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Reports;

namespace LRBench.Studies.Tests;

/// <summary>
/// The tests behind "which differences are real": p-values and intervals against SciPy 1.10.1 (Debian 12's
/// python3-scipy; the calls are next to each value), Holm's adjustment against its definition worked by hand, and the
/// ranking's marks on hand-made studies whose answer is known.
/// </summary>
public sealed class SeedSignificanceTests
{
    [Fact]
    public void Paired_and_Welch_t_tests_match_scipy()
    {
        // stats.ttest_rel([0.9912, 0.9915, 0.9910], [0.9905, 0.9911, 0.9902]).pvalue
        Assert.Equal(0.03417572122682399, SeedSignificance.PairedTTest([0.9912 - 0.9905, 0.9915 - 0.9911, 0.9910 - 0.9902]), 9);
        // stats.ttest_1samp([0.0021, 0.0035, -0.0004, 0.0017, 0.0026], 0).pvalue
        Assert.Equal(0.042887371642337344, SeedSignificance.PairedTTest([0.0021, 0.0035, -0.0004, 0.0017, 0.0026]), 12);
        // stats.ttest_ind([2.61, 2.68, 2.70, 2.66], [2.75, 2.79, 2.74], equal_var=False).pvalue
        Assert.Equal(0.010764875607432048, SeedSignificance.WelchTTest([2.61, 2.68, 2.70, 2.66], [2.75, 2.79, 2.74]), 12);
        // No spread in the differences: equal means are indistinguishable, a constant gap is certain.
        Assert.Equal(1, SeedSignificance.PairedTTest([0, 0, 0]));
        Assert.Equal(0, SeedSignificance.PairedTTest([0.01, 0.01, 0.01]));
        Assert.Throws<ArgumentException>(() => SeedSignificance.PairedTTest([0.01]));
    }

    [Fact]
    public void The_t_interval_matches_scipy_and_needs_two_values()
    {
        // m ± stats.t.ppf(0.975, n - 1) * s / sqrt(n), s with ddof=1
        var ci = ConfidenceInterval.OfMean([0.9031, 0.9055, 0.9012, 0.9047, 0.9040]);
        Assert.Equal(0.9016465565164996, ci.Low, 12);
        Assert.Equal(0.9057534434835005, ci.High, 12);
        var three = ConfidenceInterval.OfMean([2.6432, 2.6712, 2.6752]);
        Assert.Equal(2.6198875790089393, three.Low, 10);
        Assert.Equal(2.7065124209910603, three.High, 10);
        Assert.False(ConfidenceInterval.OfMean([0.9]).Exists);
    }

    [Fact]
    public void Holm_adjusts_step_down_and_keeps_the_order_monotone()
    {
        // Sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04, raised to the running 0.06.
        Assert.Equal([0.03, 0.06, 0.06, 0.02], SeedSignificance.HolmAdjusted([0.01, 0.04, 0.03, 0.005]).Select(p => Math.Round(p, 12)));
        Assert.Equal([1.0, 1.0], SeedSignificance.HolmAdjusted([0.6, 0.9]));
        Assert.Empty(SeedSignificance.HolmAdjusted([]));
    }

    [Fact]
    public void A_clear_winner_is_first_alone_and_noise_ties()
    {
        var study = new Study();
        // "clear" beats everything by 2 points on every seed; "same" equals "noisy" on average with seed noise.
        study.Policy("clear", 0.92, 0.921, 0.919, 0.922);
        study.Policy("noisy", 0.90, 0.895, 0.905, 0.899);
        study.Policy("same", 0.899, 0.904, 0.896, 0.901);
        var ranking = Ranking.Rank(study.Trials, study.Evaluations, null);
        Assert.Equal(["clear", "same", "noisy"], ranking.Select(p => p.Label)); // same: mean 0.9000, noisy 0.89975
        Assert.True(ranking[0].IsBest);
        Assert.All(ranking.Skip(1), p => Assert.False(p.VersusBest!.Tied));
        Assert.All(ranking.Skip(1), p => Assert.True(p.VersusBest!.Paired));
        Assert.Equal(1, SeedSignificance.TiedForFirst(ranking));
        Assert.StartsWith("1 of 3 settings is first: clear is ahead of every other (paired t-test over seeds, Holm-corrected, α = 0.05).", RankingFormat.TieLine(ranking), StringComparison.Ordinal);

        // Without the clear winner, the two noisy settings are indistinguishable.
        var close = new Study();
        close.Policy("noisy", 0.90, 0.895, 0.905, 0.899);
        close.Policy("same", 0.899, 0.904, 0.896, 0.901);
        var tie = Ranking.Rank(close.Trials, close.Evaluations, null);
        Assert.True(tie[1].VersusBest!.Tied);
        Assert.Equal("2 of 2 settings tie for first: same and 1 not distinguishable from it (paired t-test over seeds, Holm-corrected, α = 0.05).", RankingFormat.TieLine(tie));
        Assert.StartsWith("tied, p=", RankingFormat.VersusBestCell(tie[1]), StringComparison.Ordinal);
        Assert.Equal("best", RankingFormat.VersusBestCell(tie[0]));
    }

    [Fact]
    public void The_interval_and_test_follow_the_sorted_score_and_a_loss_ranks_lower_first()
    {
        var study = new Study();
        study.Policy("low-loss", 0.90, 0.90, 0.90, 0.90, loss: [0.30, 0.31, 0.29, 0.30]);
        study.Policy("high-loss", 0.90, 0.90, 0.90, 0.90, loss: [0.50, 0.52, 0.49, 0.51]);
        var ranking = Ranking.Rank(study.Trials, study.Evaluations, null, "loss");
        Assert.Equal("low-loss", ranking[0].Label);
        Assert.Equal("loss", ranking[0].SortKey);
        var expected = ConfidenceInterval.OfMean([0.30, 0.31, 0.29, 0.30]);
        Assert.Equal(expected, ranking[0].Interval);
        Assert.False(ranking[1].VersusBest!.Tied);
        Assert.Equal("[0.2870, 0.3130]", RankingFormat.IntervalCell(ranking[0]));
    }

    [Fact]
    public void Settings_with_one_seed_or_a_diverged_seed_are_not_tested_and_the_line_says_so()
    {
        var one = new Study();
        one.Policy("a", 0.9);
        one.Policy("b", 0.8);
        var single = Ranking.Rank(one.Trials, one.Evaluations, null);
        Assert.All(single, p => Assert.Null(p.VersusBest));
        Assert.Equal("-", RankingFormat.IntervalCell(single[0]));
        Assert.Equal("With fewer than 2 seeds per setting, no difference can be tested: run more seeds.", RankingFormat.TieLine(single));

        var mixed = new Study();
        mixed.Policy("good", 0.92, 0.921, 0.919);
        mixed.Policy("worse", 0.90, 0.899, 0.901);
        mixed.Policy("broken", 0.95, 0.95, diverged: true);
        var ranking = Ranking.Rank(mixed.Trials, mixed.Evaluations, null);
        Assert.Equal("broken", ranking[^1].Label);
        Assert.Null(ranking[^1].VersusBest);
        Assert.EndsWith("1 more not tested (a seed pruned, diverged or failed, or fewer than 2 seeds).", RankingFormat.TieLine(ranking), StringComparison.Ordinal);
        string csv = RankingFormat.ToCsv(ranking);
        Assert.Contains("tied_with_best", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeds_that_differ_between_settings_are_compared_by_Welch()
    {
        var study = new Study();
        study.Policy("a", 0.92, 0.921, 0.919);
        study.Policy("b", firstSeed: 10, scores: [0.90, 0.899, 0.901]);
        var ranking = Ranking.Rank(study.Trials, study.Evaluations, null);
        Assert.False(ranking[1].VersusBest!.Paired);
        Assert.Equal(SeedSignificance.WelchTTest([0.92, 0.921, 0.919], [0.90, 0.899, 0.901]), ranking[1].VersusBest!.PValue, 12);
        Assert.Contains("Welch's where they differ", RankingFormat.TieLine(ranking), StringComparison.Ordinal);
    }

    [Fact]
    public void A_capped_html_table_shows_the_best_rows_says_how_many_and_ties_over_all()
    {
        var study = new Study();
        study.Policy("p1", 0.95, 0.951, 0.949);
        study.Policy("p2", 0.94, 0.941, 0.939);
        study.Policy("p3", 0.93, 0.931, 0.929);
        study.Policy("p4<b>", 0.92, 0.921, 0.919);
        var ranking = Ranking.Rank(study.Trials, study.Evaluations, null);

        string capped = RankingFormat.ToHtmlTable(ranking, null, 2);
        Assert.Equal(2, capped.Split("<tr>").Length - 2); // rows after the header row
        Assert.Contains(">p1<", capped, StringComparison.Ordinal);
        Assert.Contains(">p2<", capped, StringComparison.Ordinal);
        Assert.DoesNotContain("p3", capped, StringComparison.Ordinal);
        Assert.Contains("The best 2 of 4 settings", capped, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(RankingFormat.TieLine(ranking)), capped, StringComparison.Ordinal);

        string whole = RankingFormat.ToHtmlTable(ranking, null);
        Assert.Equal(4, whole.Split("<tr>").Length - 2);
        Assert.Contains("p4&lt;b&gt;", whole, StringComparison.Ordinal);
        Assert.DoesNotContain("The best", whole, StringComparison.Ordinal);
        Assert.Equal(whole, RankingFormat.ToHtmlTable(ranking, null, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingFormat.ToHtmlTable(ranking, null, 0));
    }

    /// <summary>A hand-made study: each policy's seeds with one evaluation each.</summary>
    private sealed class Study
    {
        public List<TrialRow> Trials { get; } = [];

        public List<EvaluationRow> Evaluations { get; } = [];

        public void Policy(string label, params double[] scores) => Policy(label, 0, scores);

        public void Policy(string label, long firstSeed, double[] scores, double[]? loss = null, bool diverged = false)
        {
            for (int i = 0; i < scores.Length; i++)
            {
                bool fails = diverged && i == scores.Length - 1;
                var t = new TrialRow
                {
                    Id = Trials.Count + 1, Trial = TestTrials.Make(label, label + "()", seed: firstSeed + i),
                    Status = fails ? TrialStatus.Diverged : TrialStatus.Completed,
                };
                Trials.Add(t);
                Evaluations.Add(new EvaluationRow
                {
                    TrialId = t.Id, Step = 10, Top1 = scores[i], Top5 = 0.99, Ac = 0.8, Cd = 0.1, Cdac = 0.05,
                    TestLoss = loss?[i] ?? 1 - scores[i], TrainLoss = 0.3, WallSeconds = 1,
                });
            }
        }

        public void Policy(string label, double a, double b, double c, double d, double[] loss) => Policy(label, 0, [a, b, c, d], loss);

        public void Policy(string label, double a, double b, bool diverged) => Policy(label, 0, [a, b], null, diverged);
    }
}
