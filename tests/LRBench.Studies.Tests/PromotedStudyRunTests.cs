using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Tests;

/// <summary>
/// Whole studies under promotion-based ASHA on the synthetic data set, two trials at a time, in two queue orders,
/// against SQLite and a real PostgreSQL server: nothing is left waiting, every seed finishes a trial, the top third of
/// each seed's first rung always goes on, promoted trials resume from their checkpoints, and the answer (each seed's
/// winner) is the same in both orders.
/// </summary>
[Collection("postgres")]
public sealed class PromotedStudyRunTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-promoted-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Text(int orderSeed) => $$"""
        name: promoted
        task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 4ep, evaluate_every: 1ep, checkpoint_every: 10ba}
        seeds: [0, 1]
        pruner: {name: asha, min_resource: 1ep, reduction_factor: 3, promotion: true, paired: true, seed: {{orderSeed}}}
        policies:
          - policy: FIX
            grid: {k0: [0.002, 0.01, 0.03, 0.1, 0.3, 1.0]}
        """;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Every_order_promotes_the_top_of_each_rung_and_finds_the_same_winners(string kind)
    {
        var winners = new List<string>();
        foreach (int orderSeed in new[] { 1, 2 })
        {
            using var store = StudyStore.Open(TestStores.Location(kind, _dir, postgres, $"s{orderSeed}"));
            string text = Text(orderSeed);
            var runner = new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, $"out{orderSeed}"), Parallel = 2, ThreadsPerTrial = 1, Poll = TimeSpan.FromMilliseconds(50) });
            var summary = runner.SubmitAndRun(StudyParser.Parse(text, "promoted.yaml"), text);
            var id = store.Results.FindStudy("promoted")!.Id;
            var trials = store.Results.Trials(id);
            var decisions = store.Results.RungDecisions(id);

            Assert.Equal(12, summary.Finished);
            Assert.All(trials, t => Assert.Contains(t.Status, new[] { TrialStatus.Completed, TrialStatus.Pruned, TrialStatus.Diverged }));
            Assert.DoesNotContain(decisions, d => d.Decision == RungDecision.Pause);
            foreach (var seed in trials.GroupBy(t => t.Seed).OrderBy(g => g.Key))
            {
                var ids = seed.Select(t => t.Id).ToHashSet();
                Assert.Contains(seed, t => t.Status == TrialStatus.Completed);
                // The top floor(6 / 3) = 2 of the seed's first rung went on, whatever the order they arrived in.
                var rung0 = decisions.Where(d => d.Rung == 0 && ids.Contains(d.TrialId)).ToList();
                Assert.Equal(6, rung0.Count);
                Assert.All(rung0.OrderByDescending(d => double.IsNaN(d.Score) ? double.NegativeInfinity : d.Score).Take(2),
                    d => Assert.Equal(RungDecision.Continue, d.Decision));
                var best = seed.Where(t => t.Status == TrialStatus.Completed).MaxBy(t => store.Results.Evaluations(id).Where(e => e.TrialId == t.Id).Max(e => e.Top1))!;
                winners.Add($"{orderSeed}: seed {seed.Key} {best.Label}");
            }

            // A promoted trial waited at its rung and resumed there from its checkpoint: it has every evaluation, and
            // its paused attempt and its resumed one are two attempts.
            var promoted = trials.Where(t => t.Status == TrialStatus.Completed).ToList();
            Assert.All(promoted, t => Assert.Equal(4, store.Results.Evaluations(id).Count(e => e.TrialId == t.Id)));
            Assert.Contains(promoted, t => t.Attempts >= 2);
            Assert.All(trials.Where(t => t.Status == TrialStatus.Pruned), t => Assert.NotNull(store.Queue.StoppedAtStep(t.Id)));
        }

        // Both orders finish the same setting in each seed.
        Assert.Equal(winners.Where(w => w.StartsWith('1')).Select(w => w[3..]), winners.Where(w => w.StartsWith('2')).Select(w => w[3..]));
    }
}
