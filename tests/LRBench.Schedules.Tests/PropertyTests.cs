using LRBench.Schedules.Catalogue;
using FsCheck;
using FsCheck.Xunit;
using LRBench.Schedules.Composition;
using LRBench.Schedules.PyTorch;
using LRBench.Schedules.Shapes;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Tests;

/// <summary>Properties over random parameters: bounds, periodicity, continuity at joins, exact restarts.</summary>
public sealed class PropertyTests
{
    private static Schedule P(string spec) => BuiltInPolicies.Registry.Compile(spec, new RunClock(StepsPerEpoch: 50, TotalSteps: 5_000));

    private static double Lr(int milli) => milli / 1000.0;

    [Property(MaxTest = 200)]
    public bool Cyclic_paper_functions_stay_within_their_bounds(PositiveInt lo, PositiveInt hi, PositiveInt l, NonNegativeInt t)
    {
        double k0 = Lr(lo.Get % 1000 + 1), k1 = Lr(hi.Get % 1000 + 1);
        long half = (l.Get % 500) + 1;
        foreach (var name in new[] { "TRI", "TRI2", "SIN", "SIN2", "COS" })
        {
            double v = P($"{name}(k0={k0}, k1={k1}, l={half})").LearningRate(t.Get);
            if (v < Math.Min(k0, k1) - 1e-15 || v > Math.Max(k0, k1) + 1e-15) return false;
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool TRI_SIN_COS_are_periodic_with_period_2l(PositiveInt l, NonNegativeInt t, PositiveInt cycles)
    {
        long half = (l.Get % 400) + 1;
        long shift = 2 * half * ((cycles.Get % 5) + 1);
        foreach (var name in new[] { "TRI", "SIN", "COS" })
        {
            var s = P($"{name}(k0=0.001, k1=0.1, l={half})");
            if (Math.Abs(s.LearningRate(t.Get) - s.LearningRate(t.Get + shift)) > 1e-12) return false;
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Decaying_functions_never_increase_and_stay_above_k1(PositiveInt l, NonNegativeInt t)
    {
        long step = (l.Get % 300) + 1;
        foreach (var spec in new[] { $"STEP(k0=0.1, k1=0.001, gamma=0.5, l={step})", "EXP(k0=0.1, k1=0.001, gamma=0.999)", "INV(k0=0.1, k1=0.001, gamma=0.01, p=0.75)", $"POLY(k0=0.1, k1=0.001, p=1.5, l={step * 10})" })
        {
            var s = P(spec);
            double a = s.LearningRate(t.Get), b = s.LearningRate(t.Get + 1);
            if (b > a + 1e-15 || b < 0.001 - 1e-15 || a > 0.1 + 1e-15) return false;
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public bool Warmup_is_continuous_where_it_meets_the_wrapped_policy(PositiveInt length, PositiveInt peak)
    {
        long w = (length.Get % 1000) + 1;
        double lr = Lr(peak.Get % 1000 + 1);
        var s = P($"warmup(cosine(max_lr={lr}, length=3000), length={w})");
        // At t = w the warm-up reaches the wrapped policy's first value, and t = w + 1 is its second.
        return Math.Abs(s.LearningRate(w) - lr) < 1e-15
            && Math.Abs(s.LearningRate(w + 1) - new CosineAnnealing(lr, 0, 3000).LearningRate(1)) < 1e-15
            && s.LearningRate(w - 1) < lr + 1e-15;
    }

    [Property(MaxTest = 100)]
    public bool Join_hands_each_piece_its_local_clock(PositiveInt boundary, NonNegativeInt t)
    {
        long b = (boundary.Get % 500) + 1;
        var first = new LinearLR(0.1, 0.01, 1.0, b);
        var second = new CosineAnnealingLR(0.1, 400);
        var joined = new Join([first, second], [b]);
        long step = t.Get % 2000;
        double expected = step < b ? first.LearningRate(step) : second.LearningRate(step - b);
        return joined.LearningRate(step) == expected;
    }

    [Property(MaxTest = 100)]
    public bool Warmup_cosine_is_continuous_at_the_end_of_warmup(PositiveInt warm, PositiveInt total)
    {
        long w = (warm.Get % 200) + 1;
        long n = w + (total.Get % 2000) + 2;
        var s = new WarmupCosine(0.05, w, n);
        // Left and right limits at t = w agree within one step's slope.
        double slope = 0.05 / w;
        return Math.Abs(s.LearningRate(w) - 0.05) < 1e-15 && Math.Abs(s.LearningRate(w) - s.LearningRate(w - 1)) <= slope + 1e-15;
    }

    [Theory]
    [InlineData(1, 3, 121)] // PyTorch's int(log()) lands one cycle short here (see docs/policies.md)
    [InlineData(1, 3, 364)]
    [InlineData(1, 10, 111)]
    [InlineData(2, 2, 30)]
    [InlineData(10, 2, 150)]
    public void SGDR_restarts_land_exactly_on_cycle_boundaries(long t0, long mult, long boundary)
    {
        var s = new CosineAnnealingWarmRestarts(0.1, t0, mult, 0.001);
        Assert.Equal(0.1, s.LearningRate(boundary), 15);
        Assert.True(s.LearningRate(boundary - 1) < 0.01, "the step before a restart is near eta_min");
    }

    [Fact]
    public void Restart_boundaries_agree_with_an_integer_count_of_cycle_lengths()
    {
        var s = new CosineAnnealingWarmRestarts(1.0, 1, 3);
        long start = 0, length = 1;
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(1.0, s.LearningRate(start));
            start += length;
            length *= 3;
        }
    }

    [Property(MaxTest = 100)]
    public bool Multiplicative_cyclic_cycles_start_at_the_peak_exactly(PositiveInt first, PositiveInt cycles)
    {
        long a = (first.Get % 50) + 1;
        var s = new MultiplicativeCyclic(0.05, a, 2, warmup: 17);
        long start = 17, period = a;
        for (int i = 0; i < (cycles.Get % 8) + 1; i++)
        {
            if (s.LearningRate(start) != 0.05) return false;
            start += period;
            period *= 2;
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public bool Sampling_holds_the_value_between_sample_points(PositiveInt every, NonNegativeInt t)
    {
        long k = (every.Get % 97) + 1;
        var inner = new Rex(0.1, 0, 5000);
        var sampled = new Sample(inner, k);
        long step = t.Get % 5000;
        return sampled.LearningRate(step) == inner.LearningRate(step / k * k);
    }

    [Property(MaxTest = 100)]
    public bool Noise_is_bounded_and_reproducible(NonNegativeInt t, PositiveInt seed)
    {
        var noisy = new Noise(new ConstantLR(0.1, 1, 0), 0.2, seed.Get);
        var again = new Noise(new ConstantLR(0.1, 1, 0), 0.2, seed.Get);
        double v = noisy.LearningRate(t.Get);
        return v == again.LearningRate(t.Get) && v > 0.08 && v < 0.12;
    }
}
