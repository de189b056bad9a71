using LRBench.Schedules.Catalogue;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Training.Driving;
using LRBench.Training.Optimization;
using LRBench.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>The driver against the optimizers users get (this also proves the native-library fix is in the build).</summary>
public sealed class PolicyDriverTests
{
    private static Schedule P(string spec) => BuiltInPolicies.Registry.Compile(spec, new RunClock(TotalSteps: 100));

    [Fact]
    public void Sets_the_learning_rate_of_every_group_each_step_with_per_group_scales()
    {
        using var a = nn.Linear(3, 2);
        using var b = nn.Linear(2, 1);
        using var opt = new Sgd(a.parameters(), new SgdOptions { LearningRate = 0.5, Momentum = 0.9 });
        opt.add_param_group(new SgdParamGroup(b.parameters(), new SgdOptions { LearningRate = 0.5, Momentum = 0.9 }));
        var schedule = P("STEP(k0=0.1, gamma=0.5, l=3)");
        var driver = new PolicyDriver(opt, schedule, [1.0, 0.1]);
        for (int t = 0; t < 10; t++)
        {
            var lrs = opt.ParamGroups.Select(g => g.LearningRate).ToArray();
            Assert.Equal(schedule.LearningRate(t), lrs[0], 15);
            Assert.Equal(schedule.LearningRate(t) * 0.1, lrs[1], 15);
            driver.Step();
        }
    }

    [Fact]
    public void The_learning_rate_it_sets_is_the_one_the_update_uses()
    {
        using var scope = NewDisposeScope();
        var w = nn.Parameter(tensor(new float[] { 1f, -2f }));
        using var opt = new Sgd([w], new SgdOptions { LearningRate = 123.0 });
        var driver = new PolicyDriver(opt, P("EXP(k0=0.1, gamma=0.5)"));
        for (int t = 0; t < 3; t++)
        {
            opt.zero_grad();
            var before = w.detach().clone();
            var loss = (w * w).sum(); // gradient 2w
            loss.backward();
            opt.step();
            double lr = 0.1 * Math.Pow(0.5, t);
            var expected = before.Times(1 - (lr * 2));
            Assert.True(allclose(w.detach(), expected, rtol: 1e-6, atol: 1e-7), $"step {t}");
            driver.Step();
        }
    }

    [Fact]
    public void Cycles_SGD_momentum_and_Adam_beta1()
    {
        var schedule = P("OneCycleLR(max_lr=0.01, total_steps=60, pct_start=0.25)");
        using var m1 = nn.Linear(2, 2);
        using var sgd = new Sgd(m1.parameters(), new SgdOptions { LearningRate = 0.01, Momentum = 0.9 });
        using var m2 = nn.Linear(2, 2);
        using var adam = new Adam(m2.parameters(), new MomentOptions { LearningRate = 0.01, Beta1 = 0.9, Beta2 = 0.999 });
        var d1 = new PolicyDriver(sgd, schedule);
        var d2 = new PolicyDriver(adam, schedule);
        for (int t = 0; t < 60; t++)
        {
            double m = schedule.Momentum(t)!.Value;
            Assert.Equal(m, ((optim.IMomentum)sgd.ParamGroups.First()).Momentum, 15);
            var betas = ((optim.IBetas)adam.ParamGroups.First()).Betas;
            Assert.Equal(m, betas.Item1, 15);
            Assert.Equal(0.999, betas.Item2, 15);
            d1.Step();
            d2.Step();
        }
    }

    [Fact]
    public void Refuses_momentum_cycling_on_an_optimizer_without_momentum()
    {
        using var m = nn.Linear(2, 2);
        using var opt = optim.Adagrad(m.parameters(), 0.01);
        var e = Assert.Throws<ArgumentException>(() => new PolicyDriver(opt, P("CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=5)")));
        Assert.Contains("cycle_momentum=false", e.Message);
        _ = new PolicyDriver(opt, P("CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=5, cycle_momentum=false)"));
    }

    [Fact]
    public void A_resumed_run_continues_exactly_like_an_uninterrupted_one()
    {
        const int total = 40, cut = 17;
        var schedule = P("CyclicLR(base_lr=0.001, max_lr=0.05, step_size_up=6, mode=triangular2)");
        var data = MakeData();
        string dir = Directory.CreateTempSubdirectory("lrbench-resume").FullName;
        try
        {
            // Uninterrupted.
            var (full, _) = Train(schedule, data, 0, total, null, null);

            // Interrupted at `cut`: save model, optimizer and driver; rebuild everything fresh and continue.
            var (partial, driverState) = Train(schedule, data, 0, cut, null, null, dir);
            Assert.Equal(cut, driverState.Step);
            var (resumed, _) = Train(schedule, data, cut, total, dir, null);
            Assert.Equal(full, resumed);
            Assert.NotEqual(full, partial);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (Tensor X, Tensor Y) MakeData()
    {
        var g = new Generator(7);
        var x = randn(64, 4, generator: g);
        var y = x.sum(1, keepdim: true).Times(0.5).Plus(0.1);
        return (x, y);
    }

    private static (float[] Weights, PolicyDriverState State) Train(Schedule schedule, (Tensor X, Tensor Y) data, int from, int to, string? loadDir, PolicyDriverState? state, string? saveDir = null)
    {
        using var model = nn.Linear(4, 1);
        // The same start in every run, from a generator of its own: with manual_seed, a test running in parallel could
        // draw from the global generator between the seed and the initialisation (seen once in CI).
        using (var g = new Generator(3))
        using (no_grad())
        {
            model.weight!.copy_(randn(1, 4, generator: g));
            model.bias!.copy_(randn(1, generator: g));
        }

        using var opt = new Sgd(model.parameters(), new SgdOptions { LearningRate = 0.01, Momentum = 0.9 });
        if (loadDir is not null)
        {
            model.load(Path.Combine(loadDir, "model.bin"));
            opt.load_state_dict(Path.Combine(loadDir, "opt.bin"));
        }

        var driver = new PolicyDriver(opt, schedule);
        if (state is not null) driver.RestoreState(state);
        if (loadDir is not null) driver.RestoreState(Path.Combine(loadDir, "driver.json"));
        for (int t = from; t < to; t++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(data.X), data.Y);
            loss.backward();
            opt.step();
            driver.Step();
        }

        if (saveDir is not null)
        {
            model.save(Path.Combine(saveDir, "model.bin"));
            opt.save_state_dict(Path.Combine(saveDir, "opt.bin"));
            driver.SaveState(Path.Combine(saveDir, "driver.json"));
        }

        var weights = model.weight!.detach().data<float>().ToArray().Concat(model.bias!.detach().data<float>().ToArray()).ToArray();
        return (weights, driver.SaveState());
    }
    [Fact]
    public void A_plateau_policy_watching_the_validation_loss_steps_without_a_loss_and_reads_the_metric_through_Observe()
    {
        using var m = nn.Linear(2, 1);
        using var opt = new Sgd(m.parameters(), new SgdOptions { LearningRate = 1 });
        var driver = new PolicyDriver(opt, P("ReduceLROnPlateau(base_lr=0.1, factor=0.5, patience=0)"));
        Assert.False(driver.NeedsLoss);
        for (int t = 0; t < 3; t++) driver.Step(); // as docs/library.md says: Step() after each optimizer.step()
        driver.Observe(1.0);
        Assert.Equal(0.1, opt.ParamGroups.Single().LearningRate, 15);
        driver.Step();
        driver.Observe(2.0); // worse, patience 0: halve
        Assert.Equal(0.05, opt.ParamGroups.Single().LearningRate, 15);
        Assert.Equal(4, driver.SaveState().Step);
    }

    [Fact]
    public void A_plateau_policy_watching_the_training_loss_asks_for_the_loss_at_each_step()
    {
        using var m = nn.Linear(2, 1);
        using var opt = new Sgd(m.parameters(), new SgdOptions { LearningRate = 1 });
        var driver = new PolicyDriver(opt, P("ReduceLROnPlateau(base_lr=0.1, monitor=train_loss)"));
        Assert.True(driver.NeedsLoss);
        var e = Assert.Throws<InvalidOperationException>(driver.Step);
        Assert.Contains("Step(loss)", e.Message, StringComparison.Ordinal);
        driver.Step(0.5);
        Assert.Equal(1, driver.Position);
    }

    [Fact]
    public void A_PyTorch_scheduler_takes_its_base_learning_rate_from_the_optimizer_as_in_PyTorch()
    {
        using var m = nn.Linear(2, 1);
        using var opt = new Sgd(m.parameters(), new SgdOptions { LearningRate = 0.1 });
        var driver = PolicyDriver.Create(opt, "CosineAnnealingLR(T_max=100)");
        Assert.Equal(0.1, opt.ParamGroups.Single().LearningRate, 15);
        for (int t = 0; t < 50; t++) driver.Step();
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 50 / 100)) / 2, opt.ParamGroups.Single().LearningRate, 12); // eta_min 0
    }

    [Fact]
    public void A_spec_that_gives_its_base_learning_rate_keeps_it_and_groups_that_disagree_must_give_one()
    {
        using var a = nn.Linear(2, 1);
        using var b = nn.Linear(1, 1);
        using var opt = new Sgd(a.parameters(), new SgdOptions { LearningRate = 0.1 });
        _ = PolicyDriver.Create(opt, "StepLR(base_lr=0.5, step_size=10)");
        Assert.Equal(0.5, opt.ParamGroups.Single().LearningRate, 15);
        opt.add_param_group(new SgdParamGroup(b.parameters(), new SgdOptions { LearningRate = 0.01 }));
        var e = Assert.Throws<SpecException>(() => PolicyDriver.Create(opt, "StepLR(step_size=10)"));
        Assert.Contains("base_lr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_knows_every_policy_AutoWU_included()
    {
        using var m = nn.Linear(2, 1);
        using var opt = new Sgd(m.parameters(), new SgdOptions { LearningRate = 0.1 });
        Assert.True(PolicyDriver.Create(opt, "autowu()", new RunClock(10) { TotalSteps = 100 }).NeedsLoss);
    }

    [Fact]
    public void A_damaged_driver_state_file_is_named()
    {
        using var m = nn.Linear(2, 1);
        using var opt = new Sgd(m.parameters(), new SgdOptions { LearningRate = 0.1 });
        var driver = new PolicyDriver(opt, P("FIX(k0=0.1)"));
        string path = Path.Combine(Path.GetTempPath(), $"lrbench-driver-{Guid.NewGuid():N}.json");
        try
        {
            foreach (string damaged in new[] { "{not json", "null", "{\"Step\": -3}", "[1, 2]" })
            {
                File.WriteAllText(path, damaged);
                var e = Assert.Throws<InvalidDataException>(() => driver.RestoreState(path));
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
