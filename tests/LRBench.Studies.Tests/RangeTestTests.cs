using LRBench.Studies.Analysis;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Training.Settings;

namespace LRBench.Studies.Tests;

public sealed class RangeTestTests
{
    [Fact]
    public void Smoothing_is_a_debiased_moving_average()
    {
        Assert.All(RangeTest.Smooth([3, 3, 3, 3], 0.98), v => Assert.Equal(3, v, 12)); // debiasing keeps a constant constant
        var s = RangeTest.Smooth([1, 0], 0.5);
        Assert.Equal(1, s[0], 12);            // (0.5 * 1) / (1 - 0.5)
        Assert.Equal(1.0 / 3, s[1], 12);      // (0.5 * 0.5 + 0.5 * 0) / (1 - 0.25)
    }

    [Fact]
    public void The_valley_is_two_thirds_down_the_longest_decreasing_run()
    {
        // Longest strictly decreasing subsequence: indices 0..4; sections = 4 / 3; index = 0 + 1 + 0.
        Assert.Equal(1, RangeTest.Valley([5, 4, 3, 2, 1, 2, 3]));
        // Here it runs from index 2 to 11: sections = 3, index = 2 + 3 + 1.
        Assert.Equal(6, RangeTest.Valley([1, 9, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1.5]));
    }

    [Fact]
    public void Suggestions_and_ranges_on_a_curve_with_known_steepest_point_and_minimum()
    {
        // loss(u), u = log10(LR) in [-5, 0]: a sigmoid drop centred at u = -3 (steepest there), then a quadratic rise
        // after u = -1, so the lowest loss is at u = -1 (LR 0.1). No smoothing (beta 0) so the closed forms hold.
        const int n = 401;
        var lrs = Enumerable.Range(0, n).Select(i => Math.Pow(10, -5 + (5.0 * i / (n - 1)))).ToList();
        var losses = lrs.Select(lr =>
        {
            double u = Math.Log10(lr);
            return 2 - (1 / (1 + Math.Exp(-4 * (u + 3)))) + (4 * Math.Pow(Math.Max(0, u + 1), 2));
        }).ToList();
        var r = RangeTest.Analyse(lrs, losses, beta: 0, stoppedOnDivergence: false);
        double Step(double a, double b) => Math.Abs(Math.Log10(a) - Math.Log10(b));
        Assert.True(Step(r.Steep, 1e-3) <= 0.02, "steepest at 1e-3");
        Assert.True(Step(r.Minimum, 1e-2) <= 0.02, "minimum: 0.1 / 10");
        // The named properties are the list's values, as fastai's named suggestions are.
        Assert.Equal(r.Suggestions.Single(s => s.Name == "steep").LearningRate, r.Steep);
        Assert.Equal(r.Suggestions.Single(s => s.Name == "slide").LearningRate, r.Slide);
        Assert.True(Step(r.GoodHigh, 0.1) <= 0.02);
        Assert.Equal(r.GoodLow / 10, r.CyclicK0, 12);
        Assert.Equal(r.GoodHigh / 2, r.CyclicK1, 12);
        double valley = r.Valley;
        Assert.InRange(valley, 1e-5, 0.1); // on the way down, before the minimum
    }

    [Fact]
    public void A_real_sweep_on_synthetic_data_stops_when_the_loss_explodes()
    {
        var data = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });
        var task = new TrainingOptions { Model = "mlp:32", BatchSize = 50, Threads = 1 };
        var r = RangeTest.Run(task, data, new RangeTestOptions { StartLr = 1e-4, EndLr = 1e3, Steps = 200 }); // no observer needed
        Assert.True(r.StoppedOnDivergence);
        Assert.True(r.LearningRates.Count < 200);
        Assert.Equal(4, r.Suggestions.Count);
        Assert.True(r.GoodLow < r.GoodHigh);
        Assert.InRange(r.GoodHigh, 1e-3, 1e3);
        // The LR grew exponentially: equal ratios between consecutive steps.
        double ratio = r.LearningRates[1] / r.LearningRates[0];
        Assert.Equal(Math.Pow(1e7, 1.0 / 199), ratio, 9);
    }

    [Fact]
    public void Bad_sweeps_are_refused()
    {
        Assert.Contains("0 < start < end", Assert.Throws<ArgumentException>(() => new RangeTestOptions { StartLr = 1, EndLr = 0.1 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("at least 20 steps", Assert.Throws<ArgumentException>(() => new RangeTestOptions { Steps = 5 }.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_own_loop_is_driven_through_the_sweep_and_stopped_when_its_loss_explodes()
    {
        // A loss with its minimum at lr = 0.01 that blows up past lr = 0.5, as a real model's does.
        var seen = new List<double>();
        double Loss(double lr) => lr > 0.5 ? 100 : 1 + Math.Pow(Math.Log10(lr) + 2, 2);
        var sweep = new RangeTestOptions { StartLr = 1e-5, EndLr = 10, Steps = 200 };
        var result = RangeTest.Run(sweep, lr =>
        {
            seen.Add(lr);
            return Loss(lr);
        });

        Assert.True(result.StoppedOnDivergence);
        Assert.InRange(seen.Count, 20, 199); // stopped before the end of the sweep
        Assert.Equal(seen, result.LearningRates);
        Assert.Equal(1e-5, seen[0], 12);
        // Exponential: a constant ratio between steps, reaching EndLr at the sweep's last step.
        double ratio = Math.Pow(10 / 1e-5, 1.0 / (sweep.Steps - 1));
        Assert.All(seen.Zip(seen.Skip(1)), p => Assert.Equal(ratio, p.Second / p.First, 9));
        Assert.Equal(RangeTest.Analyse(seen, [.. seen.Select(Loss)], sweep.Beta, true), result, new ResultComparer());
        Assert.InRange(result.GoodHigh, 1e-3, 0.5);
    }

    private sealed class ResultComparer : IEqualityComparer<RangeTestResult>
    {
        public bool Equals(RangeTestResult? x, RangeTestResult? y) =>
            x is not null && y is not null && x.LearningRates.SequenceEqual(y.LearningRates) && x.Smoothed.SequenceEqual(y.Smoothed)
            && (x.GoodLow, x.GoodHigh, x.CyclicK0, x.CyclicK1) == (y.GoodLow, y.GoodHigh, y.CyclicK0, y.CyclicK1);

        public int GetHashCode(RangeTestResult obj) => 0;
    }
}
