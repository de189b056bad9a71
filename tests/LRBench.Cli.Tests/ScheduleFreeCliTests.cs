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
}
