using LRBench.Tests.Shared;
using LRBench.Training.Optimization;
using LRBench.Training.Parity;
using TorchSharp;
using static LRBench.Training.Tests.GradientSteps;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>
/// Schedule-Free SGD and AdamW: the authors' recorded trajectories (golden data), the first step and the warm-up by
/// hand, the train/eval switch as an exact pair of interpolations, and a checkpoint that resumes bit for bit.
/// </summary>
public sealed class ScheduleFreeTests
{
    private static double[] Values(Tensor t) => t.detach().data<double>().ToArray();

    private static TorchSharp.Modules.Parameter Weights(params double[] w) => nn.Parameter(tensor(w, dtype: float64));

    [Fact]
    public void Every_recorded_trajectory_of_the_authors_package_is_matched_in_float64()
    {
        var results = ScheduleFreeReplay.Run(RepositoryFiles.GoldenScheduleFree);
        Assert.Equal(6, results.Count);
        Assert.Equal(3, results.Count(r => r.Source == "AdamWScheduleFree"));
        Assert.All(results, r => Assert.True(r.Passed && r.Steps == 40 && r.MaxRelativeError < 1e-12, $"{r.Name}: {r.MaxRelativeError:E2} {r.Problem}"));
    }

    [Fact]
    public void A_changed_reference_value_fails_its_case()
    {
        string text = File.ReadAllText(RepositoryFiles.GoldenScheduleFree);
        var root = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        double loss = root["cases"]![2]!["losses"]![7]!.GetValue<double>();
        root["cases"]![2]!["losses"]![7] = loss * (1 + 1e-8);
        string path = Path.Combine(Path.GetTempPath(), $"lrbench-sf-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, root.ToJsonString());
        try
        {
            var results = ScheduleFreeReplay.Run(path);
            Assert.Equal([true, true, false, true, true, true], results.Select(r => r.Passed));
            Assert.StartsWith("loss at step 7", results[2].Problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_first_sgd_step_moves_y_by_lr_times_momentum_and_z_by_lr()
    {
        // Step 0: ckp1 = 1, so y becomes z0 = w0 and then moves by lr (momentum (1 - 1) - 1) g = -lr g; z = w0 - lr g.
        // In eval mode x = y + (1 - 1/momentum)(z - y) = z: after one step the average is the SGD point.
        var w = Weights(1.0, -2.0);
        using var opt = new ScheduleFreeSgd([w], new ScheduleFreeOptions { LearningRate = 0.1, Momentum = 0.9 });
        StepWithGradient(opt, w, [0.5, -1.0]);
        Assert.Equal(new[] { 1 - 0.05, -2 + 0.1 }, Values(w), new ToleranceComparer(1e-15));
        opt.eval();
        Assert.Equal(new[] { 1 - 0.05, -2 + 0.1 }, Values(w), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void The_warm_up_is_linear_inside_the_optimizer_and_then_constant()
    {
        var w = Weights(1.0);
        using var opt = new ScheduleFreeAdamW([w], new ScheduleFreeOptions { LearningRate = 0.02, Momentum = 0.9, WarmupSteps = 4 });
        var lrs = new List<double>();
        for (int t = 0; t < 6; t++)
        {
            StepWithGradient(opt, w, [1.0]);
            lrs.Add(opt.ScheduledLearningRates[0]);
        }

        Assert.Equal(new[] { 0.005, 0.01, 0.015, 0.02, 0.02, 0.02 }, lrs, new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Eval_then_train_returns_to_y_and_steps_are_refused_in_eval_mode()
    {
        var w = Weights(0.3, -0.7, 1.1);
        using var opt = new ScheduleFreeSgd([w], new ScheduleFreeOptions { LearningRate = 0.2, Momentum = 0.8 });
        for (int t = 0; t < 5; t++) StepWithGradient(opt, w, [0.1 * (t + 1), -0.2, 0.05 * t]);
        var y = Values(w);
        opt.eval();
        Assert.False(opt.IsTraining);
        Assert.NotEqual(y, Values(w));
        var e = Assert.Throws<InvalidOperationException>(() => opt.step());
        Assert.Contains("call train()", e.Message, StringComparison.Ordinal);
        opt.eval(); // a second eval() changes nothing
        opt.train();
        Assert.Equal(y, Values(w), new ToleranceComparer(1e-14));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Momentum_outside_zero_to_one_is_refused(double momentum)
    {
        var e = Assert.Throws<ArgumentException>(() => new ScheduleFreeSgd([Weights(1.0)], new ScheduleFreeOptions { LearningRate = 0.1, Momentum = momentum }));
        Assert.Contains("momentum must be between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_and_loaded_optimizer_continues_bit_for_bit()
    {
        double[][] gradients = [.. Enumerable.Range(0, 12).Select(t => new[] { Math.Sin(t), Math.Cos(t * 0.7), 0.1 * t })];
        var options = new ScheduleFreeOptions { LearningRate = 0.05, Momentum = 0.9, Beta2 = 0.99, WarmupSteps = 3, R = 0.5, WeightDecay = 0.01 };

        var straight = Weights(0.5, -0.5, 0.25);
        using var reference = new ScheduleFreeAdamW([straight], options);
        foreach (var g in gradients) StepWithGradient(reference, straight, g);

        var first = Weights(0.5, -0.5, 0.25);
        using var before = new ScheduleFreeAdamW([first], options);
        foreach (var g in gradients.Take(7)) StepWithGradient(before, first, g);
        string saved = Path.Combine(Path.GetTempPath(), $"lrbench-sf-state-{Guid.NewGuid():N}.bin");
        before.save_state_dict(saved);
        var y = Values(first);

        var resumed = Weights(y);
        using var after = new ScheduleFreeAdamW([resumed], new ScheduleFreeOptions { LearningRate = 0.05, Momentum = 0.9 });
        after.load_state_dict(saved);
        File.Delete(saved);
        foreach (var g in gradients.Skip(7)) StepWithGradient(after, resumed, g);
        Assert.Equal(Values(straight), Values(resumed));
    }

    [Fact]
    public void A_policy_driver_sets_the_lr_before_the_optimizers_own_warm_up_and_refuses_momentum_cycling()
    {
        var w = Weights(1.0);
        using var opt = new ScheduleFreeSgd([w], new ScheduleFreeOptions { LearningRate = 1, Momentum = 0.9, WarmupSteps = 2 });
        var driver = LRBench.Training.Driving.PolicyDriver.Create(opt, "FIX(k0=0.3)");
        var used = new List<double>();
        for (int t = 0; t < 3; t++)
        {
            StepWithGradient(opt, w, [1.0]);
            driver.Step();
            used.Add(opt.ScheduledLearningRates[0]);
        }

        Assert.Equal(new[] { 0.15, 0.3, 0.3 }, used, new ToleranceComparer(1e-15));
        var e = Assert.Throws<ArgumentException>(() => LRBench.Training.Driving.PolicyDriver.Create(opt, "OneCycleLR(max_lr=0.01, total_steps=60, pct_start=0.25)"));
        Assert.Contains("has neither momentum nor betas", e.Message, StringComparison.Ordinal);
    }
}
