using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Racing;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Tests;

/// <summary>
/// Racing over seeds: F-Race's statistics against SciPy 1.10.1 and the formula worked in NumPy (the calls are next to
/// each value), the round logic on hand-made entrants, the study file's racer section, and whole races on the
/// synthetic data against SQLite and a real PostgreSQL server.
/// </summary>
[Collection("postgres")]
public sealed class RacingTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-race-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Friedman_in_Conover_form_matches_scipy_and_the_critical_difference_its_formula()
    {
        // Settings x seeds (higher better). stats.friedmanchisquare(*S) -> 11.88, p 0.0078057407518306934; rank sums
        // from stats.rankdata(-S[:, i]) per seed; cd = t.ppf(0.975, (b-1)(k-1)) sqrt(2b(A - C)(1 - T/(b(k-1))) / ((b-1)(k-1))).
        double[][] s =
        [
            [0.91, 0.90, 0.92, 0.905, 0.915],
            [0.89, 0.905, 0.90, 0.895, 0.90],
            [0.85, 0.86, 0.84, 0.87, 0.855],
            [0.90, 0.88, 0.91, 0.90, 0.89],
        ];
        var f = RaceTest.FriedmanConover([.. s], 0.05);
        Assert.Equal([6.0, 12.0, 20.0, 12.0], f.RankSums);
        Assert.Equal(11.88, f.T, 10);
        Assert.Equal(0.007805740751830714, f.P, 10);
        Assert.Equal(4.535560586710931, f.CriticalDifference, 10);

        // With ties (shared mean ranks), T is SciPy's tie-corrected statistic: 3.8, p 0.14956861922263523.
        var tied = RaceTest.FriedmanConover([[0.91, 0.90, 0.92], [0.91, 0.905, 0.90], [0.85, 0.90, 0.84]], 0.05);
        Assert.Equal([5.0, 4.5, 8.5], tied.RankSums);
        Assert.Equal(3.8, tied.T, 10);
        Assert.Equal(0.14956861922263523, tied.P, 10);
    }

    [Fact]
    public void A_round_drops_the_broken_and_the_significantly_worse_and_keeps_the_rest()
    {
        static RaceEntrant E(string name, params double[] scores) => new(name, name, scores.Select((v, i) => (Seed: (long)i, v)).ToDictionary(p => p.Seed, p => p.v));
        var entrants = new List<RaceEntrant>
        {
            E("best", 0.92, 0.93, 0.925),
            E("close", 0.915, 0.935, 0.92),     // within the seeds' noise of the best
            E("poor", 0.60, 0.62, 0.61),        // far below on every seed
            new("diverged", "diverged", new Dictionary<long, double> { [0] = 0.9 }, "seed 1 diverged"),
        };
        var t = RaceTest.Judge(entrants, "t-holm", 0.05);
        Assert.Equal([false, false, true, true], t.Select(v => v.Eliminated));
        Assert.Equal("seed 1 diverged", t[3].Reason);
        Assert.StartsWith("worse than best (paired t = ", t[2].Reason, StringComparison.Ordinal);
        Assert.Equal(SeedSignificance.HolmAdjusted([SeedSignificance.PairedTTest([0.005, -0.005, 0.005]), SeedSignificance.PairedTTest([0.32, 0.31, 0.315])])[1], t[2].PValue, 12);

        // Friedman with 3 seeds and 3 settings: "poor" is last on every seed, but 3 blocks cannot reject (T = 6 is
        // rejected at p 0.0498 only with perfect agreement; here best and close swap once).
        var f = RaceTest.Judge(entrants, "friedman", 0.05);
        Assert.True(f[3].Eliminated);
        Assert.All(f.Take(3), v => Assert.Equal(RaceTest.FriedmanConover([[0.92, 0.93, 0.925], [0.915, 0.935, 0.92], [0.60, 0.62, 0.61]], 0.05).P, v.PValue, 12));

        // One seed in common: nothing is tested, nobody leaves but the broken.
        var early = RaceTest.Judge([E("a", 0.9), E("b", 0.1)], "t-holm", 0.05);
        Assert.All(early, v => Assert.False(v.Eliminated));
        Assert.Contains("nothing to test yet", early[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("racer: {first_seeds: 3}", "first_seeds: must be from 1 to 2 (fewer than the study's 3 seeds, or there is nothing to race), got 3")]
    [InlineData("racer: {test: wilcoxon}", "racer.test: unknown test 'wilcoxon'; known: t-holm, friedman")]
    [InlineData("racer: {alpha: 0.5}", "racer.alpha: must be above 0 and below 0.5, got 0.5")]
    [InlineData("racer: {first: 2}", "racer")]
    [InlineData("racer: {screen: all}", "racer.screen: unknown screen 'all'; known: every-rung, first-rung")]
    [InlineData("racer: {screen: first-rung}", "racer.screen: first-rung screens with the study's pruner, and the study has none")]
    [InlineData("racer: {max_compute: 0}", "racer.max_compute: is a share of the whole study (every seed of every setting), above 0 and at most 1, got 0")]
    [InlineData("racer: {max_compute: 1.5}", "got 1.5")]
    public void A_racer_section_that_cannot_race_is_named_with_its_line(string racer, string expected)
    {
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(
            $$"""
            name: r
            task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
            seeds: [0, 1, 2]
            {{racer}}
            policies: ["FIX(k0=0.01)", "FIX(k0=0.1)"]
            """, "r.yaml"));
        Assert.StartsWith("r.yaml:4:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);

        var one = Assert.Throws<StudyFileException>(() => StudyParser.Parse(
            """
            name: r
            task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
            racer: {}
            policies: ["FIX(k0=0.01)"]
            """, "r.yaml"));
        Assert.Contains("needs at least 2 seeds to race over; the study has 1", one.Message, StringComparison.Ordinal);
    }

    private const string RaceStudy =
        """
        name: race
        task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 1ep, evaluate_every: 0.5ep}
        seeds: [0, 1, 2, 3, 4]
        racer: {first_seeds: 3, test: t-holm}
        policies:
          - policy: FIX
            grid: {k0: [0.000001, 0.05, 0.1]}
        """;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_race_gives_later_seeds_only_to_the_settings_still_in_it_and_records_every_decision(string kind)
    {
        using var store = StudyStore.Open(TestStores.Location(kind, _dir, postgres, "race"));
        var study = StudyParser.Parse(RaceStudy, "race.yaml");
        var runner = new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "out-" + kind), Parallel = 2, ThreadsPerTrial = 1 }), study, RaceStudy);
        var summary = runner.Run();

        var row = store.Results.FindStudy("race")!;
        Assert.Equal(3, row.Racer!.FirstSeeds);
        var trials = store.Results.Trials(row.Id);
        var decisions = store.Results.RaceDecisions(row.Id);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(trials.Count, summary.Finished);

        // Round 1 judged the three settings on seeds 0, 1 and 2; the LR of 1e-6 learns nothing and leaves then.
        var round1 = decisions.Where(d => d.Round == 1).ToList();
        Assert.Equal(3, round1.Count);
        Assert.All(round1, d => Assert.Equal(3, d.Seeds));
        var slow = round1.Single(d => d.Label.Contains("1E-06", StringComparison.OrdinalIgnoreCase) || d.Label.Contains("0.000001", StringComparison.Ordinal));
        Assert.Equal(RaceDecision.Eliminated, slow.Decision);
        Assert.True(slow.PValue <= 0.05);

        // Each later seed went only to the settings that continued in the round before, and the race ended once.
        foreach (var round in decisions.GroupBy(d => d.Round))
        {
            var continued = round.Where(d => d.Decision == RaceDecision.Continues).Select(d => d.Setting).ToHashSet();
            long nextSeed = row.Racer.Seeds[row.Racer.FirstSeeds + round.Key - 1 < 5 ? row.Racer.FirstSeeds + round.Key - 1 : 4];
            if (continued.Count > 0)
                Assert.Equal(continued.Order(), trials.Where(t => t.Seed == nextSeed).Select(t => t.Trial.SettingKey).Order());
        }

        Assert.Contains(decisions, d => d.Decision == RaceDecision.Finalist);
        Assert.Equal(trials.Count(t => t.Seed == 0) * 3, trials.Count(t => t.Seed <= 2)); // every setting ran the first seeds
        Assert.DoesNotContain(trials, t => t.Seed > 2 && t.Trial.SettingKey == slow.Setting);

        // A race that is over stays over: another worker's call decides nothing and adds nothing.
        Assert.False(RaceRounds.Advance(store.Queue, row, "late"));
        Assert.Equal(decisions.Count, store.Results.RaceDecisions(row.Id).Count);
        Assert.Equal(trials.Count, store.Results.Trials(row.Id).Count);

        // The compute: the whole is 3 settings x 5 seeds; the race used less.
        var compute = StudyCompute.Of(trials, store.Results.Tasks(), null, null, row.Racer);
        Assert.Equal(15, compute.FullEpochs, 6);
        Assert.Equal(trials.Count, compute.UsedEpochs, 6);
        Assert.True(trials.Count < 15);
    }

    private static LRBench.Training.Engine.TrainingResult Result(TrialRow trial, double top1) => new()
    {
        Plan = new LRBench.Training.Engine.TrainingPlan("synthetic", "mlp:8", 1, 100, 100, "test", 10, 10, 10, 10, 0, LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Trial.Policy)),
        Status = LRBench.Training.Engine.RunStatus.Completed,
        Steps = 10,
        Evaluations =
        [
            new LRBench.Training.Metrics.EvaluationPoint
            {
                Step = 10, Epoch = 1, LearningRate = 0.1, Metrics = new LRBench.Training.Metrics.ClassificationMetrics(100, top1, 1, 0.8, 0.1, 0.05, 0.5),
                TrainLoss = 0.4, BestTop1 = top1, BestTop1Step = 10, WallSeconds = 1,
            },
        ],
        Trace = [new LRBench.Training.Engine.TracePoint(0, 0.1, 2.3)],
    };

    private const string ScreenedRace =
        """
        name: screened
        task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 3ep, evaluate_every: 0.5ep}
        seeds: [0, 1, 2]
        pruner: {name: asha, min_resource: 0.5ep, reduction_factor: 2, promotion: true}
        racer: {first_seeds: 1, screen: first-rung}
        policies:
          - policy: FIX
            grid: {k0: [0.000001, 0.003, 0.05, 0.1]}
        """;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_first_rung_screen_judges_only_the_first_seed_at_the_first_rung_and_races_the_rest_unpruned(string kind)
    {
        using var store = StudyStore.Open(TestStores.Location(kind, _dir, postgres, "screen"));
        var study = StudyParser.Parse(ScreenedRace, "screened.yaml");
        Assert.True(study.Racer!.ScreensFirstRungOnly);
        new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "screen-" + kind), Parallel = 2, ThreadsPerTrial = 1 }), study, ScreenedRace).Run();

        var row = store.Results.FindStudy("screened")!;
        Assert.Equal("first-rung", row.Racer!.Screen);
        var trials = store.Results.Trials(row.Id);
        var rungs = store.Results.RungDecisions(row.Id);
        var byId = trials.ToDictionary(t => t.Id);

        // The pruner's rungs would be at 0.5, 1 and 2 epochs; the screen keeps the first, and only seed 0 meets it.
        Assert.All(trials.Where(t => t.Seed == 0), t => Assert.Single(t.Trial.Rungs));
        Assert.All(trials.Where(t => t.Seed > 0), t => Assert.Empty(t.Trial.Rungs));
        Assert.All(rungs, d => Assert.Equal(0, d.Rung));
        Assert.All(rungs, d => Assert.Equal(0, byId[d.TrialId].Seed));
        Assert.Equal(4, rungs.Select(d => d.TrialId).Distinct().Count());

        // What the screen let through finished seed 0 (no later rung stopped it) and ran on unpruned; what it stopped left the race.
        var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Equal(0, t.Seed));
        Assert.All(trials.Where(t => t.Status != TrialStatus.Pruned), t => Assert.Equal(TrialStatus.Completed, t.Status));
        var round1 = store.Results.RaceDecisions(row.Id).Where(d => d.Round == 1).ToList();
        Assert.Equal(4, round1.Count);
        foreach (var t in pruned) Assert.Equal(RaceDecision.Eliminated, round1.Single(d => d.Setting == t.Trial.SettingKey).Decision);
        var through = trials.Where(t => t.Seed == 0 && t.Status == TrialStatus.Completed).Select(t => t.Trial.SettingKey).Order().ToList();
        Assert.NotEmpty(through);
        Assert.Equal(through, trials.Where(t => t.Seed == 1).Select(t => t.Trial.SettingKey).Order());
        Assert.All(trials.Where(t => t.Status == TrialStatus.Completed), t => Assert.Equal(t.TotalSteps, t.Steps));
    }

    [Fact]
    public void A_race_starts_no_round_that_would_take_it_past_its_compute_budget()
    {
        // 3 settings x 5 seeds of 1 epoch: the whole is 15 epochs, the budget 80 % of it, 12. Round 1 (3 seeds each)
        // uses 9; a 4th seed for all three takes it to 12, within the budget; a 5th would take it to 15.
        string text = RaceStudy.Replace("racer: {first_seeds: 3, test: t-holm}", "racer: {first_seeds: 3, test: t-holm, max_compute: 0.8}", StringComparison.Ordinal);
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "budget.db")}");
        var study = StudyParser.Parse(text, "race.yaml");
        Assert.Equal(0.8, study.Racer!.MaxCompute);
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, LRBench.Training.Data.DataCatalogue.Load(new LRBench.Training.Data.DataOptions { Dataset = "synthetic" }));
        var row = store.Queue.Register(study, text, data, [.. study.Trials().Where(t => t.Seed <= 2)]);
        long steps = store.Results.Tasks().Single().StepsPerEpoch;

        // Every trial ends at its full budget with scores no test can separate, so only the budget can end the race.
        void FinishAll()
        {
            while (store.Queue.Claim(row.Id, "w", TimeSpan.FromMinutes(5)) is { } claim)
            {
                double top1 = 0.9 + (0.001 * ((claim.Trial.Seed + claim.Trial.Ordinal) % 3));
                Assert.True(store.Queue.Finish(claim, Result(claim.Trial, top1) with { Steps = steps }, "m", "v"));
            }
        }

        FinishAll();
        Assert.True(RaceRounds.Advance(store.Queue, row, "w"));
        Assert.Equal(3, store.Results.Trials(row.Id).Count(t => t.Seed == 3));
        FinishAll();
        Assert.False(RaceRounds.Advance(store.Queue, row, "w"));

        var last = store.Results.RaceDecisions(row.Id).Where(d => d.Round == 2).ToList();
        Assert.Equal(3, last.Count);
        Assert.All(last, d => Assert.Equal(RaceDecision.Finalist, d.Decision));
        Assert.All(last, d => Assert.Contains("no room for another seed within max_compute 0.8 (12 + 3 > 12 of 15 epochs)", d.Reason, StringComparison.Ordinal));
        var trials = store.Results.Trials(row.Id);
        Assert.DoesNotContain(trials, t => t.Seed == 4);
        var compute = StudyCompute.Of(trials, store.Results.Tasks(), null, null, row.Racer);
        Assert.Equal(12, compute.UsedEpochs, 6);
        Assert.Equal(15, compute.FullEpochs, 6);
    }

    [Theory]
    [InlineData("\"Screen\":\"every-rung\"", "\"Screen\":\"all\"")]
    [InlineData("\"Screen\":\"every-rung\"", "\"Screen\":null")]
    [InlineData("\"MaxCompute\":1", "\"MaxCompute\":2")]
    [InlineData("\"MaxCompute\":1", "\"MaxCompute\":0")]
    public void A_stored_racer_with_an_unknown_screen_or_budget_is_named_as_damage(string from, string to)
    {
        string path = Path.Combine(_dir, "damaged.db");
        using var store = StudyStore.Open($"sqlite:{path}");
        var study = StudyParser.Parse(RaceStudy, "race.yaml");
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, LRBench.Training.Data.DataCatalogue.Load(new LRBench.Training.Data.DataOptions { Dataset = "synthetic" }));
        store.Queue.Register(study, RaceStudy, data, [.. study.Trials().Where(t => t.Seed <= 2)]);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE studies SET racer = replace(racer, $from, $to)";
            cmd.Parameters.AddWithValue("$from", from);
            cmd.Parameters.AddWithValue("$to", to);
            Assert.Equal(1, cmd.ExecuteNonQuery());
            cmd.CommandText = "SELECT racer FROM studies";
            Assert.Contains(to, (string)cmd.ExecuteScalar()!, StringComparison.Ordinal);
        }

        var e = Assert.Throws<StoreException>(() => store.Results.FindStudy("race"));
        Assert.Contains("is damaged: study", e.Message, StringComparison.Ordinal);
        Assert.Contains("a screen (every-rung, first-rung) and max_compute in (0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_that_reach_the_end_of_a_round_together_judge_it_once()
    {
        string path = Path.Combine(_dir, "together.db");
        using var store = StudyStore.Open($"sqlite:{path}");
        var study = StudyParser.Parse(RaceStudy, "race.yaml");
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, LRBench.Training.Data.DataCatalogue.Load(new LRBench.Training.Data.DataOptions { Dataset = "synthetic" }));
        var first = study.Trials().Where(t => t.Seed <= 2).ToList();
        var row = store.Queue.Register(study, RaceStudy, data, first);

        // Every first-round trial "finishes" with a hand-made score: FIX(1e-6) at chance, the others high.
        foreach (var _ in first)
        {
            var claim = store.Queue.Claim(row.Id, "w", TimeSpan.FromMinutes(5))!;
            bool slow = claim.Trial.Label.Contains("1E-06", StringComparison.OrdinalIgnoreCase) || claim.Trial.Label.Contains("0.000001", StringComparison.Ordinal);
            // The two good LRs swap places across the seeds: neither is significantly worse.
            double[] noise = claim.Trial.Label.Contains("0.05", StringComparison.Ordinal) ? [0.002, -0.001, 0.0] : [0.0, 0.001, 0.001];
            double top1 = slow ? 0.25 + (0.01 * claim.Trial.Seed) : 0.9 + noise[claim.Trial.Seed];
            Assert.True(store.Queue.Finish(claim, Result(claim.Trial, top1), "m", "v"));
        }

        // Two workers (two connections) end the round at once: one judges it, the other finds it judged.
        using var other = StudyStore.Open($"sqlite:{path}");
        var results = new bool[2];
        Parallel.For(0, 2, i => results[i] = RaceRounds.Advance(i == 0 ? store.Queue : other.Queue, row, $"w{i}"));
        Assert.Equal(1, results.Count(r => r));
        var decisions = store.Results.RaceDecisions(row.Id);
        Assert.Equal(3, decisions.Count);
        Assert.Equal(2, store.Results.Trials(row.Id).Count(t => t.Seed == 3));
        Assert.Equal(RaceDecision.Eliminated, decisions.Single(d => d.Label.Contains("1E-06", StringComparison.OrdinalIgnoreCase) || d.Label.Contains("0.000001", StringComparison.Ordinal)).Decision);
        Assert.Contains(decisions, d => d.Worker is "w0" or "w1");
    }
}
