using LRBench.Tests.Shared;

namespace LRBench.Cli.Tests;

/// <summary>The schedule-free optimizers from the command line: the parity check, and a study that trains with them.</summary>
public sealed class ScheduleFreeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-sf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Optimizer_check_passes_every_recorded_trajectory_and_fails_a_changed_one()
    {
        var (code, output, err) = Cli.Run("optimizer", "check", "--golden", RepositoryFiles.GoldenScheduleFree);
        Assert.True(code == 0, err + output);
        Assert.EndsWith("6 passed, 0 failed", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(6, output.Split('\n').Count(l => l.StartsWith("PASS", StringComparison.Ordinal)));

        string changed = Path.Combine(_dir, "changed.json");
        File.WriteAllText(changed, File.ReadAllText(RepositoryFiles.GoldenScheduleFree).Replace("\"lr\": 0.05,", "\"lr\": 0.0501,", StringComparison.Ordinal));
        (code, output, _) = Cli.Run("optimizer", "check", "--golden", changed);
        Assert.Equal(1, code);
        Assert.EndsWith("4 passed, 2 failed", output.TrimEnd(), StringComparison.Ordinal);

        (code, _, err) = Cli.Run("optimizer", "check", "--golden", Path.Combine(_dir, "missing.json"));
        Cli.AssertBadInput(code, err, "golden file not found");
    }

    [Fact]
    public void A_study_trains_with_schedule_free_adamw_and_refuses_its_settings_on_another_optimizer()
    {
        string study = Path.Combine(_dir, "sf.yaml");
        File.WriteAllText(study, """
            name: sf
            task:
              dataset: synthetic
              model: "mlp:16"
              optimizer: {name: adamw-schedule-free, warmup_steps: 10, weight_decay: 0.0001}
              batch_size: 50
              budget: 2ep
              evaluate_every: 1ep
            seeds: [0]
            policies: ["FIX(k0=0.005)", "FIX(k0=0.002)"]
            """);
        var (code, output, err) = Cli.Run("study", "run", study, "--threads", "1");
        Assert.True(code == 0, err + output);
        Assert.Contains("2 of 2 trials finished", output, StringComparison.Ordinal);

        File.WriteAllText(study, File.ReadAllText(study).Replace("adamw-schedule-free", "adamw", StringComparison.Ordinal));
        (code, _, err) = Cli.Run("study", "run", study, "--store", "sqlite:" + Path.Combine(_dir, "other.db"));
        Cli.AssertBadInput(code, err, "sf.yaml:5: task.optimizer: warmup_steps, r and weight_lr_power belong to sgd-schedule-free and adamw-schedule-free");
    }

    [Fact]
    public void A_policy_entry_trains_with_its_own_schedule_free_optimizer_beside_the_task_optimizer()
    {
        const string task = """
            task:
              dataset: synthetic
              model: "mlp:16"
              optimizer: {name: sgd, momentum: 0.9, weight_decay: 0.0001}
              batch_size: 50
              budget: 60ba
              evaluate_every: 20ba
            seeds: [0]
            """;
        string mixed = Path.Combine(_dir, "mixed.yaml");
        File.WriteAllText(mixed, "name: mixed\n" + task + "\n" + """
            policies:
              - "FIX(k0=0.05)"
              - spec: "FIX(k0=0.05)"
                optimizer: {name: sgd-schedule-free, warmup_steps: 5}
            """);
        var (code, output, err) = Cli.Run("study", "run", mixed, "--threads", "1");
        Assert.True(code == 0, err + output);
        Assert.Contains("2 of 2 trials finished", output, StringComparison.Ordinal);
        var (_, csv, _) = Cli.Run("study", "rank", mixed, "--format", "csv");
        var rows = Rows(csv);
        Assert.Equal(["FIX(k0=0.05)", "FIX(k0=0.05) · sgd-schedule-free"], rows.Keys.Order(StringComparer.Ordinal));

        // The entry's trial is exactly a run whose task optimizer is Schedule-Free SGD (same seed, data and settings).
        string alone = Path.Combine(_dir, "alone.yaml");
        File.WriteAllText(alone, "name: alone\n" + task.Replace("{name: sgd,", "{name: sgd-schedule-free, warmup_steps: 5,", StringComparison.Ordinal) + "\n" + """
            policies: ["FIX(k0=0.05)"]
            """);
        (code, output, err) = Cli.Run("study", "run", alone, "--threads", "1");
        Assert.True(code == 0, err + output);
        var reference = Rows(Cli.Run("study", "rank", alone, "--format", "csv").Out)["FIX(k0=0.05)"];
        Assert.Equal(reference["top1"], rows["FIX(k0=0.05) · sgd-schedule-free"]["top1"]);
        Assert.Equal(reference["loss"], rows["FIX(k0=0.05) · sgd-schedule-free"]["loss"]);
        Assert.NotEqual(reference["loss"], rows["FIX(k0=0.05)"]["loss"]);

        File.WriteAllText(mixed, File.ReadAllText(mixed).Replace("warmup_steps: 5", "warmup_steps: -5", StringComparison.Ordinal));
        (code, _, err) = Cli.Run("study", "run", mixed, "--store", "sqlite:" + Path.Combine(_dir, "other.db"));
        Cli.AssertBadInput(code, err, "mixed.yaml:13: policies[1].optimizer.warmup_steps");
    }

    /// <summary>The rows of a ranking's CSV by policy label.</summary>
    private static Dictionary<string, Dictionary<string, string>> Rows(string csv) => RankCsv.Rows(csv).ToDictionary(r => r["policy"]);
}
