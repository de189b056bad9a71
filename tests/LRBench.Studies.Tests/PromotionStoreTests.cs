using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;

namespace LRBench.Studies.Tests;

/// <summary>
/// Promotion-based ASHA as the store keeps it, on hand-made scores: arrivals wait (paused), promotions put a waiting
/// trial back in the queue ahead of new ones, a trial promoted while it stops comes back pending, a resumed attempt
/// gets its recorded pause back, and the study's end prunes whatever still waits. Against SQLite and a real
/// PostgreSQL server.
/// </summary>
[Collection("postgres")]
public sealed class PromotionStoreTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-promotion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Rung Rung0 = new(0, 100, 100, 0);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private StudyStore Open(string kind) => StudyStore.Open(TestStores.Location(kind, _dir, postgres));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Waiting_trials_are_promoted_into_the_top_third_first_in_the_queue_and_the_rest_pruned_at_the_end(string kind)
    {
        using var store = Open(kind);
        var study = StudyParser.Parse(
            """
            name: asha-promotion
            task: {dataset: synthetic, model: "mlp:8", budget: 4ep}
            pruner: {name: asha, min_resource: 1ep, reduction_factor: 3, promotion: true}
            policies:
              - policy: FIX
                grid: {k0: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]}
            """, "promotion.yaml");
        Assert.True(study.Pruner!.Promotion);
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        var row = store.Queue.Register(study, "text", data, study.Trials());
        var pruner = store.Results.Study(row.Id)!.Pruner!;
        Assert.True(pruner.Promotion); // every worker reads the rule from the store
        var t = Enumerable.Range(0, 4).Select(i => store.Queue.Claim(row.Id, $"w{i}", Lease)!).ToList();

        // Fewer than eta at the rung: each arrival waits and, written as paused, is claimed by no one.
        Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, t[0], pruner, Rung0, 0.70));
        Assert.True(store.Queue.Pause(t[0], FinishedResults.Of(t[0].Trial, RunStatus.Interrupted), "m", "v", Rung0.Index));
        Assert.Equal(TrialStatus.Paused, Status(store, t[0]));
        Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, t[1], pruner, Rung0, 0.80));

        // The third arrival makes n = 3: the top 1 (0.80, still stopping) is promoted, the arrival waits.
        Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, t[2], pruner, Rung0, 0.60));
        // Trial 1 was promoted while it stopped: its pause write leaves it pending, first in the queue.
        Assert.True(store.Queue.Pause(t[1], FinishedResults.Of(t[1].Trial, RunStatus.Interrupted), "m", "v", Rung0.Index));
        Assert.Equal(TrialStatus.Pending, Status(store, t[1]));
        var resumed = store.Queue.Claim(row.Id, "w9", Lease)!;
        Assert.Equal(t[1].Trial.Id, resumed.Trial.Id); // ahead of the two trials never started
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, resumed, pruner, Rung0, 0.80)); // the recorded promotion
        var t4 = store.Queue.Claim(row.Id, "w4", Lease)!;
        var t5 = store.Queue.Claim(row.Id, "w5", Lease)!;

        // Trial 2's worker dies before writing its pause; the attempt that takes over gets the recorded pause back,
        // not a fresh judgement of its (now better) score.
        var taken = store.Queue.Claim(row.Id, "w8", Lease, r => r.Id == t[2].Trial.Id)!;
        Assert.Equal((t[2].Trial.Id, 2), (taken.Trial.Id, taken.Attempt));
        Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, taken, pruner, Rung0, 0.99));
        Assert.Null(RungDecisions.Judge(store.Queue, t[2], pruner, Rung0, 0.60)); // the dead attempt is fenced
        Assert.True(store.Queue.Pause(taken, FinishedResults.Of(taken.Trial, RunStatus.Interrupted), "m", "v", Rung0.Index));
        Assert.Equal(100, store.Queue.PausedAtStep(t[2].Trial.Id));

        // n = 4, top 1: the arrival at 0.90 goes on at once; the last two arrive and wait (n = 6, top 2: 0.90, 0.80).
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, t[3], pruner, Rung0, 0.90));
        Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, t4, pruner, Rung0, 0.75));
        Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, t5, pruner, Rung0, 0.65));
        Assert.True(store.Queue.Pause(t4, FinishedResults.Of(t4.Trial, RunStatus.Interrupted), "m", "v", Rung0.Index));
        Assert.True(store.Queue.Pause(t5, FinishedResults.Of(t5.Trial, RunStatus.Interrupted), "m", "v", Rung0.Index));

        // While the promoted trials run, the study does not settle.
        var studyRow = store.Results.Study(row.Id)!;
        Assert.False(Promotions.Settle(store.Queue, studyRow));
        Assert.Equal(4, store.Results.Trials(row.Id).Count(r => r.Status == TrialStatus.Paused));
        Assert.True(store.Queue.Finish(resumed, FinishedResults.Of(resumed.Trial, RunStatus.Completed), "m", "v"));
        Assert.True(store.Queue.Finish(t[3], FinishedResults.Of(t[3].Trial, RunStatus.Completed), "m", "v"));

        // Nothing pending or running: the rung's top 2 already went on, so the four still waiting are pruned.
        Assert.False(Promotions.Settle(store.Queue, studyRow));
        var trials = store.Results.Trials(row.Id);
        Assert.Equal(2, trials.Count(r => r.Status == TrialStatus.Completed));
        Assert.Equal(4, trials.Count(r => r.Status == TrialStatus.Pruned));
        var decisions = store.Results.RungDecisions(row.Id);
        Assert.Equal(6, decisions.Count);
        Assert.Equal([0.80, 0.90], decisions.Where(d => d.Decision == RungDecision.Continue).Select(d => d.Score).Order());
        Assert.All(decisions.Where(d => d.Decision != RungDecision.Continue), d => Assert.Equal(RungDecision.Stop, d.Decision));
        Assert.All(trials.Where(r => r.Status == TrialStatus.Pruned), r => Assert.Equal(100, store.Queue.StoppedAtStep(r.Id)));
        // A paused trial's compute was written when it paused, so the study's compute counts it.
        Assert.All(trials, r => Assert.Equal(100, r.Steps));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void At_the_end_a_bracket_with_fewer_than_eta_at_its_rung_finishes_its_best(string kind)
    {
        using var store = Open(kind);
        var study = StudyParser.Parse(
            """
            name: asha-promotion-paired
            task: {dataset: synthetic, model: "mlp:8", budget: 4ep}
            seeds: [0, 1]
            pruner: {name: asha, min_resource: 1ep, reduction_factor: 3, promotion: true, paired: true}
            policies: ["FIX(k0=0.01)", "FIX(k0=0.02)"]
            """, "paired.yaml");
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        var row = store.Queue.Register(study, "text", data, study.Trials());
        var pruner = row.Pruner!;
        var claims = Enumerable.Range(0, 4).Select(_ => store.Queue.Claim(row.Id, "w", Lease)!).ToList();
        // Two trials per seed: floor(2 / 3) = 0, so every arrival waits.
        var score = new Dictionary<long, double> { [claims[0].Trial.Id] = 0.6, [claims[1].Trial.Id] = 0.7, [claims[2].Trial.Id] = 0.9, [claims[3].Trial.Id] = 0.5 };
        foreach (var c in claims)
        {
            Assert.Equal(RungDecision.Pause, RungDecisions.Judge(store.Queue, c, pruner, Rung0, score[c.Trial.Id]));
            Assert.True(store.Queue.Pause(c, FinishedResults.Of(c.Trial, RunStatus.Interrupted), "m", "v", Rung0.Index));
        }

        // The study settles: each seed's best is promoted (not the two best overall), and the run goes on.
        Assert.True(Promotions.Settle(store.Queue, store.Results.Study(row.Id)!));
        var pending = store.Results.Trials(row.Id).Where(r => r.Status == TrialStatus.Pending).ToList();
        var expected = claims.GroupBy(c => c.Trial.Seed).Select(g => g.MaxBy(c => score[c.Trial.Id])!.Trial.Id).Order();
        Assert.Equal(expected, pending.Select(r => r.Id).Order());
    }

    private static TrialStatus Status(StudyStore store, TrialClaim claim) => store.Results.Trial(claim.Trial.Id)!.Status;
}
