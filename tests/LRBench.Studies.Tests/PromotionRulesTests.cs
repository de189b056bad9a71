using LRBench.Studies.Model.Results;
using LRBench.Studies.Pruning;

namespace LRBench.Studies.Tests;

/// <summary>
/// Promotion-based ASHA's rule (Li et al., 2020, Algorithm 2) on hand-made standings, and the property that makes it
/// worth having: once every trial has reached a rung, the top floor(n / eta) of that rung have gone on, whatever order
/// they arrived in. Decided on arrival, some orders stop one of them for good.
/// </summary>
public sealed class PromotionRulesTests
{
    private static RungStanding W(long id, double score) => new(id, score, Waiting: true);

    private static RungStanding Gone(long id, double score) => new(id, score, Waiting: false);

    [Fact]
    public void Fewer_than_eta_at_a_rung_promote_no_one_until_the_study_settles()
    {
        Assert.Empty(PruningRules.AshaPromotions([W(1, 0.7), W(2, 0.8)], 3, settling: false));
        // Settling (nothing else pending or running): the best goes on, so the bracket finishes a trial.
        Assert.Equal([2L], PruningRules.AshaPromotions([W(1, 0.7), W(2, 0.8)], 3, settling: true));
        // Not when a trial of the rung already went on.
        Assert.Empty(PruningRules.AshaPromotions([W(1, 0.7), Gone(2, 0.8)], 3, settling: true));
    }

    [Fact]
    public void The_top_floor_n_over_eta_waiting_trials_are_promoted()
    {
        // n = 3: the top 1 (trial 2).
        Assert.Equal([2L], PruningRules.AshaPromotions([W(1, 0.7), W(2, 0.8), W(3, 0.6)], 3, settling: false));
        // n = 6: the top 2; trial 4 already went on, so only trial 2 is promoted.
        Assert.Equal([2L], PruningRules.AshaPromotions([W(1, 0.7), W(2, 0.8), W(3, 0.6), Gone(4, 0.9), W(5, 0.75), W(6, 0.65)], 3, settling: false));
        // A trial that went on early keeps its place and takes no one's: n = 6 with an early promotion of a low score
        // still promotes the top 2 of the rung.
        Assert.Equal([4L, 2L], PruningRules.AshaPromotions([Gone(1, 0.5), W(2, 0.8), W(3, 0.6), W(4, 0.9), W(5, 0.75), W(6, 0.65)], 3, settling: false));
    }

    [Fact]
    public void Ties_at_the_edge_go_on_and_nan_never_does()
    {
        Assert.Equal([1L, 2L], PruningRules.AshaPromotions([W(1, 0.8), W(2, 0.8), W(3, 0.6)], 3, settling: false)); // best first, then by id
        Assert.Equal([3L], PruningRules.AshaPromotions([W(1, double.NaN), W(2, double.NaN), W(3, 0.1)], 3, settling: false));
        Assert.Empty(PruningRules.AshaPromotions([W(1, double.NaN), W(2, double.NaN), W(3, double.NaN)], 3, settling: true));
    }

    [Fact]
    public void Only_asha_lets_trials_wait_and_a_stored_promotion_elsewhere_is_damage()
    {
        const string head = """
            name: p
            task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 4ep, evaluate_every: 1ep}
            policies: ["FIX(k0=0.1)"]
            """;
        Assert.True(LRBench.Studies.Definition.StudyParser.Parse(head + "\npruner: {name: asha, min_resource: 1ep, promotion: true}\n", "p.yaml").Pruner!.Promotion);
        Assert.False(LRBench.Studies.Definition.StudyParser.Parse(head + "\npruner: {name: asha, min_resource: 1ep}\n", "p.yaml").Pruner!.Promotion);
        var e = Assert.Throws<LRBench.Studies.Model.Definitions.StudyFileException>(() =>
            LRBench.Studies.Definition.StudyParser.Parse(head + "\npruner: {name: median, min_resource: 1ep, promotion: true}\n", "p.yaml"));
        Assert.Equal("p.yaml:4: pruner.promotion: median judges every trial where it is; trials wait for promotion only under asha", e.Message);
        e = Assert.Throws<LRBench.Studies.Model.Definitions.StudyFileException>(() =>
            LRBench.Studies.Definition.StudyParser.Parse(head + "\npruner: {name: asha, min_resource: 1ep, promotion: maybe}\n", "p.yaml"));
        Assert.StartsWith("p.yaml:4: pruner", e.Message, StringComparison.Ordinal);
        var median = LRBench.Studies.Definition.StudyParser.Parse(head + "\npruner: {name: median, min_resource: 1ep}\n", "p.yaml").Pruner!;
        Assert.Equal("median cannot let trials wait for promotion", Pruners.Problem(median with { Promotion = true }));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Whatever_the_arrival_order_the_top_of_the_rung_goes_on(int eta)
    {
        double[] scores = [0.91, 0.88, 0.86, 0.85, 0.80, 0.72, 0.64];
        int keep = scores.Length / eta;
        var top = Enumerable.Range(0, keep).Select(i => (long)i).ToHashSet(); // scores are in descending order
        int arrivalLosses = 0;
        foreach (var order in Permutations(Enumerable.Range(0, scores.Length).ToArray()))
        {
            // Promotion: each arrival waits, then the rule promotes whom it names among all recorded so far.
            var waiting = new Dictionary<long, bool>();
            foreach (int i in order)
            {
                waiting[i] = true;
                var standings = waiting.Select(w => new RungStanding(w.Key, scores[w.Key], w.Value)).ToList();
                foreach (long id in PruningRules.AshaPromotions(standings, eta, settling: false)) waiting[id] = false;
            }

            var promoted = waiting.Where(w => !w.Value).Select(w => w.Key).ToHashSet();
            Assert.Superset(top, promoted);

            // Decided on arrival, with the same scores in the same order.
            var seen = new List<double>();
            var continued = new HashSet<long>();
            foreach (int i in order)
            {
                if (PruningRules.Asha(scores[i], seen, eta) == RungDecision.Continue) continued.Add(i);
                seen.Add(scores[i]);
            }

            if (!top.IsSubsetOf(continued)) arrivalLosses++;
        }

        // The contrast the rule exists for: many orders lose a top trial when deciding on arrival.
        Assert.True(arrivalLosses > 0);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var p in Permutations(rest)) yield return [items[i], .. p];
        }
    }
}
