using LRBench.Schedules.Specs;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;
using LRBench.Tests.Shared;
using LRBench.Training.Optimization;

namespace LRBench.Studies.Tests;

/// <summary>
/// A policy entry's own optimizer (<c>policies[].optimizer</c>): schedule-free optimizers beside the schedules in one
/// study, as separate settings, without changing the key of any trial that trains with the task's optimizer.
/// </summary>
public sealed class PolicyOptimizerTests
{
    private const string Study = """
        name: sf-beside
        task:
          dataset: synthetic
          model: mlp
          optimizer: {name: sgd, momentum: 0.9, weight_decay: 5e-4}
          budget: 100ba
        seeds: [0, 1]
        policies:
          - "FIX(k0=0.05)"
          - spec: "FIX(k0=0.05)"
            optimizer: {name: sgd-schedule-free, warmup_steps: 5}
          - policy: FIX
            grid: {k0: [0.5, 1.0]}
            optimizer: sgd-schedule-free
          - spec: "FIX(k0=0.002)"
            label: SF-AdamW
            optimizer: {name: adamw-schedule-free, weight_decay: 0.01, beta1: 0.95}
        """;

    [Fact]
    public void An_entry_trains_with_its_own_optimizer_inheriting_the_settings_it_does_not_name()
    {
        var s = StudyParser.Parse(Study, "s.yaml");
        Assert.Equal(["FIX(k0=0.05)", "FIX(k0=0.05) · sgd-schedule-free", "FIX k0=0.5 · sgd-schedule-free", "FIX k0=1.0 · sgd-schedule-free", "SF-AdamW"],
            s.Policies.Select(p => p.Label));
        Assert.Null(s.Policies[0].Optimizer);

        var sgdSf = s.Policies[1].Optimizer!;
        Assert.Equal(("sgd-schedule-free", 0.9, 5e-4, 5L), (sgdSf.Name, sgdSf.Momentum, sgdSf.WeightDecay, sgdSf.WarmupSteps)); // momentum and decay from the task
        Assert.Null(s.Policies[2].Optimizer!.WarmupSteps);
        var adamw = s.Policies[4].Optimizer!;
        Assert.Equal(("adamw-schedule-free", 0.01, 0.95, 0.999), (adamw.Name, adamw.WeightDecay, adamw.Beta1, adamw.Beta2));

        var trials = s.Trials();
        Assert.Equal(10, trials.Count);
        Assert.Equal(10, trials.Select(t => t.Key).Distinct().Count()); // the same spec under two optimizers is two settings
        var plain = trials.Where(t => !t.OwnOptimizer).ToList();
        Assert.Equal(2, plain.Count);
        Assert.All(plain, t => Assert.Equal("sgd", t.Training.Optimizer.Name));
        Assert.All(plain, t => Assert.Equal(Trial.KeyOf(t.Policy, t.Method, t.Seed, null), t.Key));
        Assert.All(trials.Where(t => t.OwnOptimizer), t => Assert.Equal(t.ChosenOptimizer, t.Training.Optimizer));
        Assert.All(trials, t => t.CheckKey());

        // The row keeps the choice: read back, the trial trains the same optimizer under the same key.
        var back = TrialJson.Read(TrialJson.Write(trials[2]));
        Assert.True(back.OwnOptimizer);
        Assert.Equal(trials[2].Training.Optimizer, back.Training.Optimizer);
        back.CheckKey();
        Assert.DoesNotContain("ownOptimizer", TrialJson.Write(trials[0]), StringComparison.Ordinal);

        // A row whose optimizer was changed by hand no longer matches its key.
        var edited = trials[2] with { Training = trials[2].Training with { Optimizer = trials[2].Training.Optimizer with { WarmupSteps = 50 } } };
        Assert.Throws<InvalidDataException>(edited.CheckKey);
    }

    [Theory]
    [InlineData("    optimizer: {name: sgd-schedule-free, r: -1, warmup_steps: 5}", "s.yaml:", "policies[1].optimizer")]
    [InlineData("    optimizer: {name: lion}", "policies[1].optimizer", "sgd")]
    [InlineData("    optimizer: {name: sgd, warmup_steps: 5}", "policies[1].optimizer", "warmup_steps, r and weight_lr_power belong to sgd-schedule-free")]
    [InlineData("    optimizer: {name: sgd-schedule-free, lr: 0.1}", "policies[1].optimizer", "lr")]
    public void A_bad_optimizer_in_an_entry_is_refused_with_its_place(string line, string first, string second)
    {
        string text = $"""
            name: bad
            task: {"{"}dataset: synthetic, model: mlp, budget: 100ba{"}"}
            policies:
              - "FIX(k0=0.05)"
              - spec: "FIX(k0=0.05)"
            {line}
            """;
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(text, "s.yaml"));
        Assert.Contains(first, e.Message, StringComparison.Ordinal);
        Assert.Contains(second, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_spec_under_the_same_optimizer_twice_is_refused()
    {
        const string text = """
            name: twice
            task: {dataset: synthetic, model: mlp, budget: 100ba}
            policies:
              - {spec: "FIX(k0=0.05)", optimizer: sgd-schedule-free}
              - {spec: "FIX(k0=0.05)", optimizer: sgd-schedule-free, label: again}
            """;
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(text, "s.yaml"));
        Assert.Contains("'FIX(k0=0.05)' with optimizer sgd-schedule-free appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_builder_adds_a_policy_with_its_own_optimizer()
    {
        var study = new StudyBuilder("b", new TaskDefinition { Data = new() { Dataset = "synthetic" }, Model = "mlp", Optimizer = new OptimizerOptions() })
            .Policy(PolicySpec.Parse("FIX(k0=0.05)"))
            .Policy(PolicySpec.Parse("FIX(k0=0.05)"), new OptimizerOptions { Name = "sgd-schedule-free" })
            .Build();
        Assert.Equal(["FIX(k0=0.05)", "FIX(k0=0.05) · sgd-schedule-free"], study.Policies.Select(p => p.Label));
        Assert.Throws<ArgumentException>(() => new StudyBuilder("c", study.Task).Policy(PolicySpec.Parse("FIX(k0=0.05)"), new OptimizerOptions { Name = "lion" }));
    }

    [Fact]
    public void A_trial_on_the_task_optimizer_keeps_the_key_it_had_before_entries_could_choose_one()
    {
        // Recorded from the digits-mlp-policies store as committed in fdb4396, planned before this feature existed.
        string folder = Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies");
        var trials = StudyParser.Parse(File.ReadAllText(Path.Combine(folder, "digits-mlp-policies.yaml")), "d.yaml").Trials();
        Assert.Equal("b651b5f7727886ea", trials.Single(t => t.Label == "FIX(k0=0.014)" && t.Seed == 0).Key);
        Assert.Equal("a387369806cc2823", trials.Single(t => t.Label == "FIX(k0=0.014)" && t.Seed == 2).Key);
    }

    /// <summary>
    /// The fingerprints of every existing trial stay as they were: the committed workload stores were planned before
    /// entries could choose an optimizer, and today's planner gives their study files the same keys.
    /// </summary>
    [Theory]
    [InlineData("digits-mlp-policies")]
    [InlineData("mnist-lenet-table7")]
    [InlineData("fmnist-lenet5-2026-policies")] // with Schedule-Free SGD entries: their keys cover the optimizer
    [InlineData("fortunes-char-transformer")]
    public void The_committed_stores_keep_their_trial_keys(string name)
    {
        string folder = Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies");
        var planned = StudyParser.Parse(File.ReadAllText(Path.Combine(folder, name + ".yaml")), name + ".yaml").Trials().Select(t => t.Key).Order().ToList();
        string copy = Path.Combine(Path.GetTempPath(), $"lrbench-keys-{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(folder, name + ".db"), copy);
        // A study running in this checkout keeps recent writes in its write-ahead log: copy it too.
        if (File.Exists(Path.Combine(folder, name + ".db-wal"))) File.Copy(Path.Combine(folder, name + ".db-wal"), copy + "-wal");
        try
        {
            using var store = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + copy));
            var study = store.Results.FindStudy(name)!;
            Assert.Equal(planned, store.Results.Trials(study.Id).Select(t => t.TrialKey).Order().ToList());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(copy);
            File.Delete(copy + "-wal");
            File.Delete(copy + "-shm");
        }
    }
}
