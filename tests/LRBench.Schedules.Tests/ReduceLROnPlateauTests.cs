using LRBench.Schedules.Catalogue;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Tests;

/// <summary>
/// ReduceLROnPlateau against value tables worked out by hand from torch/optim/lr_scheduler.py (step: is_better, then
/// the cooldown, then a reduction once num_bad_epochs &gt; patience; _reduce_lr: max(lr factor, min_lr) if it lowers
/// the LR by more than eps; is_better: rel min a &lt; best (1 - threshold), abs min a &lt; best - threshold, rel max
/// a &gt; best (1 + threshold), abs max a &gt; best + threshold).
/// </summary>
public sealed class ReduceLROnPlateauTests
{
    private static IMetricController Start(string spec, params double[] groupScales)
    {
        var schedule = (AdaptiveSchedule)BuiltInPolicies.Registry.Compile(spec, new RunClock(StepsPerEpoch: 10, TotalSteps: 1000));
        var controller = (IMetricController)schedule.Start();
        controller.BindGroups(groupScales.Length == 0 ? [1.0] : groupScales);
        return controller;
    }

    /// <summary>Feeds each reading and returns the LR after it.</summary>
    private static double[] Readings(IMetricController c, params double[] values) =>
        [.. values.Select(v =>
        {
            c.ObserveMetric(v);
            return c.LearningRate;
        })];

    private static void Same(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Abs(expected[i]), $"reading {i}: {actual[i]:R}, expected {expected[i]:R}");
    }

    [Fact]
    public void Mode_min_with_a_relative_threshold_reduces_after_patience_plus_one_bad_readings()
    {
        var c = Start("ReduceLROnPlateau(base_lr=1, factor=0.5, patience=1)");
        // 10 is the best; two readings no better than 10 (1 - 1e-4) make 2 > patience bad ones; 9 is better again.
        Same([1, 1, 0.5, 0.5, 0.5, 0.25], Readings(c, 10, 10, 10, 9, 9.5, 9.5));
        Assert.Equal(2, c.Events.Count);
    }

    [Fact]
    public void An_absolute_threshold_needs_an_improvement_of_that_size()
    {
        var c = Start("ReduceLROnPlateau(base_lr=1, factor=0.5, patience=1, threshold=0.5, threshold_mode=\"abs\")");
        // 9.6 is not below 10 - 0.5; 9.4 is (new best); 9.0 twice is not below 8.9.
        Same([1, 1, 1, 1, 0.5], Readings(c, 10, 9.6, 9.4, 9.0, 9.0));
    }

    [Fact]
    public void Mode_max_watches_an_accuracy()
    {
        var c = Start("ReduceLROnPlateau(base_lr=1, mode=\"max\", monitor=\"val_accuracy\", factor=0.5, patience=1, threshold=0.01)");
        // 0.504 is not above 0.5 x 1.01; 0.506 is (new best); 0.5 and 0.51 are not above 0.506 x 1.01 = 0.51106.
        Same([1, 1, 1, 1, 0.5], Readings(c, 0.5, 0.504, 0.506, 0.5, 0.51));
        Assert.Equal(MetricSource.ValidationAccuracy, c.Source);
        Assert.Contains("must be max when monitor is val_accuracy",
            Assert.Throws<SpecException>(() => Start("ReduceLROnPlateau(base_lr=1, monitor=\"val_accuracy\")")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cooldown_ignores_bad_readings_after_a_reduction()
    {
        var c = Start("ReduceLROnPlateau(base_lr=1, factor=0.5, patience=0, cooldown=2)");
        // The second 5 reduces and starts a cooldown of 2: the next two bad readings are reset; the third reduces again.
        Same([1, 0.5, 0.5, 0.5, 0.25], Readings(c, 5, 5, 6, 6, 6));
    }

    [Fact]
    public void Min_lr_floors_each_group_and_eps_skips_tiny_reductions()
    {
        Same([1, 0.1, 0.05, 0.05], Readings(Start("ReduceLROnPlateau(base_lr=1, factor=0.1, patience=0, min_lr=0.05)"), 1, 1, 1, 1));
        // 1e-7 x 0.5 lowers the LR by 5e-8, less than eps = 1e-7: not applied.
        Same([1e-7, 1e-7], Readings(Start("ReduceLROnPlateau(base_lr=1e-7, factor=0.5, patience=0, eps=1e-7)"), 1, 1));

        // Two param groups (LR scales 1 and 0.1) with their own floors: [1, 0.1] -> [0.1, 0.02] -> [0.05, 0.02].
        var groups = Start("ReduceLROnPlateau(base_lr=1, factor=0.1, patience=0, min_lr=[0.05, 0.02])", 1, 0.1);
        Readings(groups, 1, 1);
        Assert.Equal((0.1, 0.02), (groups.GroupLearningRate(0), groups.GroupLearningRate(1)), new Close());
        Readings(groups, 1);
        Assert.Equal((0.05, 0.02), (groups.GroupLearningRate(0), groups.GroupLearningRate(1)), new Close());
        var mismatch = Assert.Throws<ArgumentException>(() => Start("ReduceLROnPlateau(base_lr=1, min_lr=[0.05, 0.02, 0.01])", 1, 0.1));
        Assert.StartsWith("min_lr has 3 values but the optimizer has 2 param groups", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warm_up_comes_first_and_readings_during_it_do_not_count()
    {
        // SequentialLR([LinearLR(start_factor=0.25, total_iters=4), ReduceLROnPlateau], milestones=[4]).
        var c = Start("ReduceLROnPlateau(base_lr=1, factor=0.5, patience=0, warmup=4, warmup_start_factor=0.25)");
        var lrs = new List<double>();
        for (int step = 0; step < 5; step++)
        {
            lrs.Add(c.LearningRate);
            c.ObserveMetric(100 - step); // ignored: the plateau logic has not started
            c.Observe(1.0);
        }

        Same([0.25, 0.4375, 0.625, 0.8125, 1], [.. lrs]);
        Same([1, 0.5], Readings(c, 3, 3)); // the first reading after the warm-up is the best so far
    }

    [Fact]
    public void The_smoothed_training_loss_every_n_steps_can_be_watched()
    {
        // beta = 0: the "smoothed" loss is the last one; a reading every 2 steps.
        var c = Start("ReduceLROnPlateau(base_lr=1, factor=0.5, patience=0, monitor=\"train_loss\", every=2, beta=0)");
        var lrs = new List<double>();
        foreach (double loss in new[] { 5.0, 5, 5, 5, 5, 5 })
        {
            c.Observe(loss);
            lrs.Add(c.LearningRate);
        }

        Same([1, 1, 1, 0.5, 0.5, 0.25], [.. lrs]); // readings at steps 2 (best), 4 and 6
    }

    [Fact]
    public void Its_state_restores_so_a_resumed_run_reduces_at_the_same_readings()
    {
        const string spec = "ReduceLROnPlateau(base_lr=1, factor=0.5, patience=1, cooldown=1, monitor=\"train_loss\", every=3)";
        double[] losses = [.. Enumerable.Range(0, 60).Select(i => 3 + Math.Sin(i / 4.0))];
        var whole = Start(spec);
        var expected = losses.Select(l =>
        {
            whole.Observe(l);
            return whole.LearningRate;
        }).ToList();

        var first = Start(spec);
        foreach (double l in losses.Take(25)) first.Observe(l);
        var resumed = Start(spec);
        resumed.RestoreState(first.SaveState());
        var rest = losses.Skip(25).Select(l =>
        {
            resumed.Observe(l);
            return resumed.LearningRate;
        });
        Assert.Equal(expected.Skip(25), rest);
        Assert.Equal(whole.Events, resumed.Events);
        Assert.NotEmpty(whole.Events);
        Assert.Throws<InvalidDataException>(() => Start(spec).RestoreState("{\"Rates\": [1, 2]}"));
    }

    [Fact]
    public void Timms_PlateauLRScheduler_warms_up_in_evaluations_then_steps_the_plateau()
    {
        // timm/scheduler/plateau_lr.py step(epoch, metric): epoch <= warmup_t sets warmup_lr_init + epoch (base - init)
        // / warmup_t and leaves the plateau alone; later epochs step PyTorch's ReduceLROnPlateau (mode 'max' by default).
        var c = Start("PlateauLRScheduler(base_lr=1, decay_rate=0.5, patience_t=0, warmup_t=2, warmup_lr_init=0.1)");
        Assert.Equal(0.1, c.LearningRate);                                    // before any evaluation
        Assert.Equal(MetricSource.ValidationAccuracy, c.Source);             // timm feeds top-1 in mode max
        Same([0.55, 1, 1, 0.5, 0.5, 0.25], Readings(c, 0.9, 0.1, 0.5, 0.4, 0.6, 0.55));
        // Mode min reads the loss.
        var min = Start("PlateauLRScheduler(base_lr=1, decay_rate=0.5, patience_t=1, mode=\"min\")");
        Assert.Equal(MetricSource.ValidationLoss, min.Source);
        Same([1, 1, 0.5], Readings(min, 2, 2, 2));
    }

    [Fact]
    public void Timms_plateau_noise_sits_on_top_and_does_not_move_the_plateau()
    {
        // Noise from epoch 3 on: the LR is the plateau's times (1 + n); timm restores the plain LR before stepping the
        // plateau again, so a reduction halves the plain LR, not the noisy one.
        const string spec = "PlateauLRScheduler(base_lr=1, decay_rate=0.5, patience_t=0, noise_range_t=3, noise_pct=0.2)";
        var noisy = Start(spec);
        var plain = Start("PlateauLRScheduler(base_lr=1, decay_rate=0.5, patience_t=0)");
        double[] readings = [0.5, 0.6, 0.6, 0.55, 0.7, 0.7];
        var a = Readings(noisy, readings);
        var b = Readings(plain, readings);
        Assert.Equal(b[..2], a[..2]);                                         // epochs 1 and 2: no noise
        for (int i = 2; i < readings.Length; i++)
        {
            Assert.NotEqual(b[i], a[i]);
            Assert.InRange(a[i] / b[i], 0.8, 1.2);
        }

        var again = Start(spec);
        Assert.Equal(a, Readings(again, readings));                           // the same noise for the same epochs
        var restored = Start(spec);
        var first = Start(spec);
        Readings(first, readings[..3]);
        restored.RestoreState(first.SaveState());
        Assert.Equal(a[3..], Readings(restored, readings[3..]));
    }

    private sealed class Close : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-15 && Math.Abs(x.Item2 - y.Item2) < 1e-15;

        public int GetHashCode((double, double) obj) => 0;
    }
}
