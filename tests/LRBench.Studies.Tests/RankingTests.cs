using LRBench.Studies.Analysis;
using LRBench.Studies.Storage;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>The ranking arithmetic on hand-made results.</summary>
public sealed class RankingTests
{
    private readonly List<TrialRow> _trials = [];
    private readonly List<EvaluationRow> _evals = [];

    private void Trial(string label, long seed, string status, params (long Step, double Top1, double TestLoss, double TrainLoss, double Cd)[] points)
    {
        var t = new TrialRow { Id = _trials.Count + 1, Trial = TestTrials.Make(label, label + "()", seed: seed), Status = TrialStatusText.Parse(status) };
        _trials.Add(t);
        foreach (var p in points)
        {
            _evals.Add(new EvaluationRow
            {
                TrialId = t.Id, Step = p.Step, Top1 = p.Top1, Top5 = 0.99, Ac = 0.8, Cd = p.Cd, Cdac = 0.05,
                TestLoss = p.TestLoss, TrainLoss = p.TrainLoss, WallSeconds = p.Step / 10.0,
            });
        }
    }

    private void TwoPolicies()
    {
        Trial("A", 0, "completed", (10, 0.80, 0.6, 0.5, 0.2), (20, 0.90, 0.4, 0.3, 0.1), (30, 0.85, 0.5, 0.2, 0.1));
        Trial("A", 1, "completed", (10, 0.88, 0.5, 0.45, 0.1), (20, 0.88, 0.45, 0.3, 0.1), (30, 0.86, 0.5, 0.25, 0.1));
        Trial("B", 0, "completed", (10, 0.70, 0.9, 0.8, 0.2), (20, 0.95, 0.3, 0.25, 0.2));
        Trial("B", 1, "completed", (10, 0.93, 0.35, 0.3, 0.2), (20, 0.91, 0.3, 0.2, 0.2));
    }

    [Fact]
    public void Each_trial_is_read_at_its_first_highest_top1_and_seeds_are_averaged()
    {
        TwoPolicies();
        var r = Ranking.Rank(_trials, _evals, target: 0.85);
        Assert.Equal(["B", "A"], r.Select(p => p.Label));
        var a = r[1];
        Assert.Equal(0.89, a.Top1.Mean, 12);                     // (0.90 + 0.88) / 2
        Assert.Equal(Math.Sqrt(2 * 0.01 * 0.01), a.Top1.Std, 12); // sample std of {0.90, 0.88}
        Assert.Equal(15, a.IterAtBest.Mean, 12);                  // seed 0 at 20; seed 1 first reaches 0.88 at 10
        Assert.Equal(((0.4 - 0.3) + (0.5 - 0.45)) / 2, a.Ld.Mean, 12); // LD at those same points
        Assert.Equal(0.1, a.Cd.Mean, 12);
        Assert.Equal(15, a.StepsToTarget.Mean, 12);               // first >= 0.85: step 20 and step 10
        Assert.Equal(1.5, a.SecondsToTarget.Mean, 12);
        Assert.Equal(2, a.ReachedTarget);
        Assert.Equal(1, r[0].Rank);
        Assert.Equal(2, a.Rank);
    }

    [Fact]
    public void Any_metric_can_rank_with_its_own_direction()
    {
        TwoPolicies();
        // At the best points: CD is A 0.1, B 0.2 (lower is better); LD is A 0.075, B 0.05 (lower is better);
        // #iter is 15 for both, and so is the cost to 0.85, so top-1 (B 0.94 > A 0.89) breaks those ties.
        Assert.Equal(["A", "B"], Ranking.Rank(_trials, _evals, 0.85, "cd").Select(p => p.Label));
        Assert.Equal(["B", "A"], Ranking.Rank(_trials, _evals, 0.85, "ld").Select(p => p.Label));
        Assert.Equal(["B", "A"], Ranking.Rank(_trials, _evals, 0.85, "iter").Select(p => p.Label));
        Assert.Equal(["B", "A"], Ranking.Rank(_trials, _evals, 0.85, "cost").Select(p => p.Label));
        Assert.Equal(["B", "A"], Ranking.Rank(_trials, _evals, 0.95, "top1").Select(p => p.Label));
        // With a target of 0.95 only B's seed 0 gets there: sorting by cost puts the setting that always reaches it first, here none.
        var strict = Ranking.Rank(_trials, _evals, 0.95, "cost");
        Assert.Equal(1, strict.Single(p => p.Label == "B").ReachedTarget);
        Assert.Equal(0, strict.Single(p => p.Label == "A").ReachedTarget);
    }

    [Fact]
    public void Ties_fall_back_to_top1_then_fewer_iterations_then_lower_LD_then_label()
    {
        Trial("C", 0, "completed", (10, 0.9, 0.5, 0.3, 0.1), (20, 0.9, 0.5, 0.4, 0.1));
        Trial("B", 0, "completed", (20, 0.9, 0.5, 0.4, 0.1));
        Trial("A", 0, "completed", (10, 0.9, 0.5, 0.4, 0.1));
        Trial("D", 0, "completed", (10, 0.9, 0.5, 0.4, 0.1));
        // Same top-1; C, A and D reach it at step 10, B at 20; among those, A and D have the lower LD (0.1 vs 0.2); then by label.
        Assert.Equal(["A", "D", "C", "B"], Ranking.Rank(_trials, _evals, null).Select(p => p.Label));
    }

    [Fact]
    public void Settings_with_a_diverged_seed_rank_after_every_healthy_one()
    {
        Trial("steady", 0, "completed", (10, 0.80, 0.6, 0.5, 0.1));
        Trial("wild", 0, "completed", (10, 0.95, 0.6, 0.5, 0.1));
        Trial("wild", 1, "diverged", (10, 0.30, 2.0, 2.2, 0.1));
        Trial("never", 0, "diverged");
        var r = Ranking.Rank(_trials, _evals, null);
        Assert.Equal(["steady", "wild", "never"], r.Select(p => p.Label));
        Assert.Equal(1, r[1].Diverged);
        Assert.Equal(0, r[2].Top1.N);
    }

    [Fact]
    public void Unfinished_trials_are_left_out_and_bad_sort_keys_are_named()
    {
        Trial("done", 0, "completed", (10, 0.8, 0.6, 0.5, 0.1));
        Trial("running", 0, "running", (10, 0.9, 0.6, 0.5, 0.1));
        Assert.Equal(["done"], Ranking.Rank(_trials, _evals, null).Select(p => p.Label));
        Assert.Contains("choose one of top1, top5, ac, cd, cdac, ld, iter, cost, time",
            Assert.Throws<ArgumentException>(() => Ranking.Rank(_trials, _evals, null, "speed")).Message, StringComparison.Ordinal);
        Assert.Contains("needs a target accuracy", Assert.Throws<ArgumentException>(() => Ranking.Rank(_trials, _evals, null, "cost")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stat_uses_the_sample_standard_deviation()
    {
        var s = Stat.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, s.Mean);
        Assert.Equal(Math.Sqrt(32.0 / 7), s.Std, 12);
        Assert.Equal(0, Stat.Of([3.0]).Std);
    }

    [Fact]
    public void A_percentage_has_one_rounding_rule_and_a_ranking_without_a_target_has_no_cost_column()
    {
        // 0.45375 is stored as 0.453749999...; "P2" printed 45.37 where 100x then two decimals printed 45.38.
        Assert.Equal("45.38", LRBench.Studies.Reports.RankingFormat.Percent(0.45375));
        Assert.Equal("90.00", LRBench.Studies.Reports.RankingFormat.Percent(0.9));
        Assert.Equal("-", LRBench.Studies.Reports.RankingFormat.Percent(double.NaN));

        TwoPolicies();
        var ranking = Ranking.Rank(_trials, _evals, target: null);
        string withoutTarget = LRBench.Studies.Reports.RankingFormat.ToMarkdown(ranking, target: null);
        Assert.DoesNotContain("cost", withoutTarget, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", withoutTarget, StringComparison.Ordinal);
        Assert.Contains("| cost to 85% (iter / s) |", LRBench.Studies.Reports.RankingFormat.ToMarkdown(Ranking.Rank(_trials, _evals, 0.85), 0.85), StringComparison.Ordinal);
        Assert.Equal(
            LRBench.Studies.Reports.RankingFormat.Headers(null).Count,
            LRBench.Studies.Reports.RankingFormat.Cells(ranking[0], withMetric: false, withCost: false).Count);
    }
}
