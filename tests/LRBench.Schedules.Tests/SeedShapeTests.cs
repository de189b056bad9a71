using LRBench.Schedules.Catalogue;
using LRBench.Schedules.Shapes;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Tests;

/// <summary>The seeds' shapes against the values their text defines.</summary>
public sealed class SeedShapeTests
{
    private static Schedule P(string spec, long total = 10_000) => BuiltInPolicies.Registry.Compile(spec, new RunClock(StepsPerEpoch: 100, TotalSteps: total));

    [Fact]
    public void Slanted_triangle_of_seed_004_rises_over_the_first_fifth()
    {
        // TriangularSchedule(min_lr=1, max_lr=2, cycle_length=1000, inc_fraction=0.2)
        var s = P("triangular(min_lr=1, max_lr=2, cycle_length=1000, inc_fraction=0.2)");
        Assert.Equal(1.0, s.LearningRate(0));
        Assert.Equal(1.5, s.LearningRate(100), 15);
        Assert.Equal(2.0, s.LearningRate(200), 15);
        Assert.Equal(1.5, s.LearningRate(600), 15);
        Assert.Equal(1.0, s.LearningRate(1000), 15);
        Assert.Equal(1.0, s.LearningRate(5000));
    }

    [Fact]
    public void Seed_004_one_cycle_then_cool_down()
    {
        // OneCycleSchedule(start_lr=0.1, max_lr=0.5, cycle_length=500, cooldown_length=750, finish_lr=0.001)
        var s = P("one_cycle(start_lr=0.1, max_lr=0.5, cycle_length=500, cooldown_length=750, finish_lr=0.001)");
        Assert.Equal(0.5, s.LearningRate(250), 15);
        Assert.Equal(0.1, s.LearningRate(500), 15);
        Assert.Equal(0.1 + ((0.001 - 0.1) * 375 / 750), s.LearningRate(875), 15);
        Assert.Equal(0.001, s.LearningRate(1250), 15);
        Assert.Equal(0.001, s.LearningRate(4000));
    }

    [Fact]
    public void Seed_004_sgdr_example_doubles_length_and_halves_magnitude()
    {
        // CyclicalSchedule(CosineAnnealingSchedule, min_lr=0.01, max_lr=2, cycle_length=250, cycle_length_decay=2, cycle_magnitude_decay=0.5)
        var s = P("cyclical(shape=cosine, min_lr=0.01, max_lr=2, cycle_length=250, cycle_length_decay=2, cycle_magnitude_decay=0.5)");
        Assert.Equal(2.0, s.LearningRate(0));
        Assert.Equal(1.0, s.LearningRate(250)); // second cycle: 500 long, half magnitude
        Assert.Equal(0.5, s.LearningRate(750)); // third cycle starts at 250 + 500
        Assert.Equal(0.5 * (0.01 + (1.99 * 0.5)), s.LearningRate(250 + 250), 12);
    }

    [Fact]
    public void Seed_004_warm_up_and_cool_down_wrap_any_policy()
    {
        var w = P("warmup(MultiStepLR(base_lr=1, milestones=[250, 750, 900], gamma=0.5), length=250, start_lr=0)");
        Assert.Equal(0.0, w.LearningRate(0));
        Assert.Equal(0.5, w.LearningRate(125), 15);
        Assert.Equal(1.0, w.LearningRate(250), 15);
        Assert.Equal(0.5, w.LearningRate(500), 15); // inner t = 250
        var c = P("cooldown(MultiStepLR(base_lr=1, milestones=[250, 750, 900], gamma=0.5), finish_lr=0.001, start=1000, length=500)");
        Assert.Equal(0.125, c.LearningRate(1000), 15);
        Assert.Equal(0.125 + ((0.001 - 0.125) / 2), c.LearningRate(1250), 15);
        Assert.Equal(0.001, c.LearningRate(2000));
    }

    [Fact]
    public void REX_matches_the_published_profiles()
    {
        double[] paper = [1, .947368, .888889, .823529, .75, .666667, .571429, .461538, .333333, .181818, 0];
        double[] reference = [1, .989011, .975610, .958904, .9375, .909091, .869565, .810811, .714286, .526316];
        var p = P("rex(max_lr=1, length=10)");
        var r = P("rex(max_lr=1, length=10, variant=reference)");
        for (int t = 0; t < paper.Length; t++) Assert.Equal(paper[t], p.LearningRate(t), 6);
        for (int t = 0; t < reference.Length; t++) Assert.Equal(reference[t], r.LearningRate(t), 6);
    }

    [Fact]
    public void REX_with_a_low_sampling_rate_is_a_step_schedule()
    {
        var s = P("rex(max_lr=1, length=1000, samples=4)", 1000);
        var distinct = Enumerable.Range(0, 1000).Select(t => s.LearningRate(t)).Distinct().ToList();
        Assert.Equal(4, distinct.Count);
        Assert.Equal(Rex.Profile(0.5, RexVariant.Paper), s.LearningRate(600), 15);
    }

    [Fact]
    public void Seed_000_multiplicative_cycles_sample_at_2_4_8_16_32_epochs()
    {
        var s = (MultiplicativeCyclic)P("multiplicative_cyclic(peak_lr=0.05, warmup=1ep, first_period=1ep, factor=2)");
        Assert.Equal([200L, 400, 800, 1600, 3200], s.CycleEnds(3200));
        Assert.Equal(0.025, s.LearningRate(50), 15); // half-way through warm-up
        Assert.Equal(0.05, s.LearningRate(100));
        Assert.Equal(0.025, s.LearningRate(150), 15); // middle of the first 1-epoch cosine
        Assert.Equal(0.05, s.LearningRate(200));
    }

    [Fact]
    public void Decaying_amplitude_multiplies_each_cycles_peak()
    {
        var s = P("multiplicative_cyclic(peak_lr=0.08, first_period=100, factor=2, peak_decay=0.5)");
        Assert.Equal(0.08, s.LearningRate(0));
        Assert.Equal(0.04, s.LearningRate(100));
        Assert.Equal(0.02, s.LearningRate(300));
    }

    [Fact]
    public void Exponential_warmup_of_seed_002()
    {
        var s = P("exp_warmup(min_lr=1e-5, max_lr=1, length=1000)");
        Assert.Equal(1e-5, s.LearningRate(0), 15);
        Assert.Equal(1e-5 * Math.Pow(1e5, 0.5), s.LearningRate(500), 15);
        Assert.Equal(1.0, s.LearningRate(1000), 15);
        Assert.Equal(1.0, s.LearningRate(2000), 15);
    }

    [Fact]
    public void Constant_then_cosine_spends_the_last_fifth_decaying()
    {
        var s = P("constant_then_cosine(lr=0.1, length=1000)");
        Assert.Equal(0.1, s.LearningRate(799));
        Assert.Equal(0.1, s.LearningRate(800), 15);
        Assert.Equal(0.05, s.LearningRate(900), 15);
        Assert.Equal(0.0, s.LearningRate(1000));
    }

    [Fact]
    public void WSD_with_1_sqrt_cool_down()
    {
        var s = P("wsd(peak_lr=0.1, warmup=100, decay=0.25dur, decay_type=1-sqrt)", 1000);
        Assert.Equal(0.05, s.LearningRate(50), 15);
        Assert.Equal(0.1, s.LearningRate(500));
        Assert.Equal(0.1 * (1 - Math.Sqrt(0.5)), s.LearningRate(750 + 125), 15);
    }

    [Fact]
    public void Chained_schedulers_multiply_their_factors()
    {
        var s = P("ChainedScheduler(base_lr=1, schedulers=[ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)])");
        Assert.Equal(0.1, s.LearningRate(0), 15);
        Assert.Equal(0.1 * 0.9, s.LearningRate(1), 15);
        Assert.Equal(0.81, s.LearningRate(2), 15);
    }
}
