using LRBench.Schedules.Catalogue;
using System.Text.Json.Nodes;
using LRBench.Schedules.Parity;
using Xunit.Abstractions;

namespace LRBench.Schedules.Tests;

/// <summary>Exact parity with PyTorch, timm and transformers, through the same check the CLI runs.</summary>
public sealed class GoldenParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_golden_case_matches_to_1e_9_relative()
    {
        var path = RepositoryFiles.GoldenSchedules;

        var results = GoldenCheck.Run(path);
        foreach (var r in results) output.WriteLine($"{r.Name}: {r.Passed} {r.MaxRelativeError:e2} {r.Problem}");
        Assert.Equal(25, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {r.Problem}"));
    }

    [Fact]
    public void A_perturbed_reference_value_fails_and_names_the_step()
    {
        var path = RepositoryFiles.GoldenSchedules;
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var lr = root["cases"]!["torch.StepLR"]!["lr"]!.AsArray();
        lr[42] = lr[42]!.GetValue<double>() * (1 + 1e-7);
        string copy = Path.Combine(Path.GetTempPath(), $"golden-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, root.ToJsonString());
        try
        {
            var result = GoldenCheck.Run(copy).Single(r => r.Name == "torch.StepLR");
            Assert.False(result.Passed);
            Assert.Contains("lr[42]", result.Problem);
            Assert.InRange(result.MaxRelativeError, 9e-8, 1.1e-7);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void A_case_that_cannot_be_mapped_is_a_failure_not_a_skip()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"golden-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, """
            {"cases": {
              "unknown": {"source": "torch.optim.lr_scheduler.MadeUpLR", "params": {"base_lr": 0.1, "steps": 2}, "lr": [0.1, 0.1]},
              "bad-param": {"source": "torch.optim.lr_scheduler.StepLR", "params": {"base_lr": 0.1, "step_size": 3, "wobble": 1, "steps": 2}, "lr": [0.1, 0.1]},
              "fine": {"source": "torch.optim.lr_scheduler.StepLR", "params": {"base_lr": 0.1, "step_size": 1, "gamma": 0.5, "steps": 3}, "lr": [0.1, 0.05, 0.025]}
            }}
            """);
        try
        {
            var results = GoldenCheck.Run(copy).ToDictionary(r => r.Name);
            Assert.False(results["unknown"].Passed);
            Assert.Contains("unknown policy", results["unknown"].Problem);
            Assert.False(results["bad-param"].Passed);
            Assert.Contains("wobble", results["bad-param"].Problem);
            Assert.True(results["fine"].Passed);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Parity_holds_for_parameter_values_not_in_the_file()
    {
        // Closed forms recomputed independently (PyTorch's documented formulas), at settings the golden file lacks.
        var reg = Catalogue.BuiltInPolicies.Registry;
        var clock = new RunClock(TotalSteps: 400);
        var onecycle = reg.Compile("OneCycleLR(max_lr=0.3, total_steps=400, pct_start=0.25, anneal_strategy=linear, div_factor=10, final_div_factor=100)", clock);
        // Linear phase 1 ends at step 0.25*400-1 = 99 at max_lr; phase 2 ends at 399 at 0.3/10/100.
        Assert.Equal(0.03, onecycle.LearningRate(0), 12);
        Assert.Equal(0.3, onecycle.LearningRate(99), 12);
        Assert.Equal(0.03 + ((0.3 - 0.03) * 50 / 99.0), onecycle.LearningRate(50), 12);
        Assert.Equal(0.0003, onecycle.LearningRate(399), 12);
        Assert.Equal(0.3 + ((0.0003 - 0.3) * (250 - 99) / 300.0), onecycle.LearningRate(250), 12);

        var cyclic = reg.Compile("CyclicLR(base_lr=0.01, max_lr=0.11, step_size_up=7, step_size_down=13, mode=exp_range, gamma=0.98)", clock);
        // Step 17 is 10 steps into the 13-step descent: scale 1 - 10/13.
        Assert.Equal(0.01 + (0.1 * (3.0 / 13) * Math.Pow(0.98, 17)), cyclic.LearningRate(17), 12);
        Assert.Equal(0.9 - (0.1 * (3.0 / 13) * Math.Pow(0.98, 17)), cyclic.Momentum(17)!.Value, 12);
    }
}
