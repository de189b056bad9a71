using LRBench.Studies.Definition;
using LRBench.Studies.Pruning;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;

namespace LRBench.Studies.Tests;

/// <summary>
/// ASHA's decisions as the store takes them: on hand-made scores, with two workers interleaving at a rung, a stale
/// attempt that must record nothing, and a worker killed between decisions whose successor gets the recorded decision
/// back even though the scores at the rung have changed since. Against SQLite and a real PostgreSQL server.
/// </summary>
[Collection("postgres")]
public sealed class RungDecisionStoreTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-rungs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StudyDefinition Study() => StudyParser.Parse(
        """
        name: asha-store
        task: {dataset: synthetic, model: "mlp:8", budget: 4ep}
        pruner: {name: asha, min_resource: 1ep, reduction_factor: 3}
        policies:
          - policy: FIX
            grid: {k0: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]}
        """, "asha-store.yaml");

    private StudyStore Open(string kind) => StudyStore.Open(TestStores.Location(kind, _dir, postgres));

    private static readonly Rung Rung0 = new(0, 100, 100, 0);
    private static readonly Rung Rung1 = new(1, 300, 300, 0);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Decisions_are_taken_once_on_the_scores_recorded_at_the_rung_and_survive_a_killed_worker(string kind)
    {
        using var store = Open(kind);
        var study = Study();
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        var row = store.Queue.Register(study, "text", data, study.Trials());
        Assert.Equal("asha", store.Results.Study(row.Id)!.Pruner!.Name); // every worker reads the rule from the store
        var pruner = row.Pruner!;
        var lease = TimeSpan.FromMinutes(5);

        // Workers hold the six trials; two reach rung 0 one after the other.
        var a1 = store.Queue.Claim(row.Id, "a", lease)!;
        var b2 = store.Queue.Claim(row.Id, "b", lease)!;
        var b3 = store.Queue.Claim(row.Id, "b", lease)!;
        var d4 = store.Queue.Claim(row.Id, "d", lease)!;
        var d5 = store.Queue.Claim(row.Id, "d", lease)!;
        var d6 = store.Queue.Claim(row.Id, "d", lease)!;
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, a1, pruner, Rung0, 0.80)); // first arrival
        Assert.Equal(RungDecision.Stop, RungDecisions.Judge(store.Queue, b2, pruner, Rung0, 0.70)); // n = 2: only the best goes on

        // Worker a dies after its rung-0 decision; its trial is taken over by c (a's lease is judged dead).
        var c1 = store.Queue.Claim(row.Id, "c", lease, t => t.Id == a1.Trial.Id)!;
        Assert.Equal((a1.Trial.Id, 2), (c1.Trial.Id, c1.Attempt));
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, b3, pruner, Rung0, 0.90)); // n = 3, top 1: 0.90

        // The resumed attempt reaches rung 0 again. A fresh judgement now would stop it (0.80 is not the top 1 of
        // 0.90, 0.80, 0.70), but the recorded decision stands: a killed worker changes nothing.
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, c1, pruner, Rung0, 0.80));
        // The dead worker's attempt is fenced: it records nothing, at any rung.
        Assert.Null(RungDecisions.Judge(store.Queue, a1, pruner, Rung1, 0.95));
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, c1, pruner, Rung1, 0.85)); // first at rung 1

        // Three more arrive at rung 0: n = 6 keeps the top 2 (0.90 and 0.80 so far).
        Assert.Equal(RungDecision.Stop, RungDecisions.Judge(store.Queue, d4, pruner, Rung0, 0.75)); // n = 4, top 1
        Assert.Equal(RungDecision.Stop, RungDecisions.Judge(store.Queue, d5, pruner, Rung0, double.NaN)); // a diverged probe
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, d6, pruner, Rung0, 0.85)); // n = 6, top 2: 0.90, 0.85

        var decisions = store.Results.RungDecisions(row.Id);
        Assert.Equal(7, decisions.Count);
        Assert.Equal(["c"], decisions.Where(d => d.Rung == 1).Select(d => d.Worker));
        Assert.True(double.IsNaN(decisions.Single(d => d.TrialId == d5.Trial.Id).Score));
        Assert.Equal(100, store.Queue.StoppedAtStep(b2.Trial.Id));
        Assert.Null(store.Queue.StoppedAtStep(c1.Trial.Id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Workers_judging_the_same_rung_at_once_never_keep_more_than_the_rule_allows(string kind)
    {
        using var store = Open(kind);
        var study = Study();
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        var row = store.Queue.Register(study, "text", data, study.Trials());
        var claims = Enumerable.Range(0, 6).Select(i => store.Queue.Claim(row.Id, $"w{i}", TimeSpan.FromMinutes(5))!).ToList();
        // Six workers reach rung 0 together with equal scores but one: whatever the order, the lock makes each
        // decision see the ones before it, so the best trial always goes on and the rung holds six decisions.
        var decisions = await Task.WhenAll(claims.Select((c, i) => Task.Run(() => RungDecisions.Judge(store.Queue, c, row.Pruner!, Rung0, i == 3 ? 0.9 : 0.5))));
        Assert.Equal(RungDecision.Continue, decisions[3]);
        Assert.Equal(6, store.Results.RungDecisions(row.Id).Count);
        Assert.All(decisions, d => Assert.NotNull(d));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_paired_pruner_judges_each_trial_against_its_own_seed_only(string kind)
    {
        using var store = Open(kind);
        var study = StudyParser.Parse(
            """
            name: asha-paired
            task: {dataset: synthetic, model: "mlp:8", budget: 4ep}
            seeds: [0, 1]
            pruner: {name: asha, min_resource: 1ep, reduction_factor: 2, paired: true}
            policies: ["FIX(k0=0.01)", "FIX(k0=0.02)"]
            """, "paired.yaml");
        Assert.True(study.Pruner!.Paired);
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        var row = store.Queue.Register(study, "text", data, study.Trials());
        var claims = Enumerable.Range(0, 4).Select(_ => store.Queue.Claim(row.Id, "w", TimeSpan.FromMinutes(5))!).ToList();
        var seed0 = claims.Where(c => c.Trial.Seed == 0).ToList();
        var seed1 = claims.Where(c => c.Trial.Seed == 1).ToList();
        // Seed 1 trains worse overall; its trials compete with each other, not with seed 0's.
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, seed0[0], row.Pruner!, Rung0, 0.90));
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, seed1[0], row.Pruner!, Rung0, 0.60)); // first of its seed
        Assert.Equal(RungDecision.Stop, RungDecisions.Judge(store.Queue, seed0[1], row.Pruner!, Rung0, 0.85)); // n = 2 in seed 0, top 1
        Assert.Equal(RungDecision.Continue, RungDecisions.Judge(store.Queue, seed1[1], row.Pruner!, Rung0, 0.65)); // beats seed 1's other, not seed 0's
    }
}
