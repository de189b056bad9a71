using LRBench.Schedules.Catalogue;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Adaptive;

namespace LRBench.Adaptive.Tests;

/// <summary>AutoWU as a registry policy: the spec, the no-switch preview in closed form, and exact save/restore.</summary>
public sealed class AutoWuPolicyTests
{
    // Small GP settings keep these tests fast; the full-size defaults are exercised by the golden replay.
    private const string Fast = "fit_iterations=20, predict_points=120, grid_points=120, fit_points=60";

    /// <summary>A loss that falls, bottoms out at LR ~0.03, and rises: the curve the warm-up test looks for.</summary>
    private static double Loss(double lr, long step) =>
        1.0 + (0.15 * Math.Pow(Math.Log10(lr) + 1.5, 2)) + (0.02 * Math.Sin(step * 12.9898));

    private static IAdaptiveController Start(string spec, long total, long perEpoch) =>
        ((AdaptiveSchedule)Policies.Registry.Compile(spec, new RunClock(perEpoch, total))).Start();

    private static List<double> Drive(IAdaptiveController c, long from, long to)
    {
        var lrs = new List<double>();
        for (long t = from; t < to; t++)
        {
            lrs.Add(c.LearningRate);
            c.Observe(Loss(c.LearningRate, t));
        }

        return lrs;
    }

    [Fact]
    public void The_preview_is_the_exponential_warmup_to_the_cap_then_the_decay_in_closed_form()
    {
        const long total = 1000;
        var schedule = (AutoWuSchedule)Policies.Registry.Compile("autowu(rho=0.4)", new RunClock(100, total));
        // eta_t = eta_0 (eta_max / eta_0)^(t / (rho T)) up to the cap at rho T = 400 steps.
        for (long t = 0; t < 400; t += 37) Assert.Equal(1e-5 * Math.Pow(1e5, t / 400.0), schedule.LearningRate(t), 12);
        // The cap: the LR of step 399 is held (constant_then_cosine) until the final 20% ...
        double held = 1e-5 * Math.Pow(1e5, 399 / 400.0);
        Assert.Equal(held, schedule.LearningRate(400), 12);
        Assert.Equal(held, schedule.LearningRate(799), 12);
        // ... then a cosine that reaches exactly 0 at the last step and never rises.
        Assert.Equal(0, schedule.LearningRate(total - 1), 15);
        for (long t = 800; t < total - 1; t++) Assert.True(schedule.LearningRate(t + 1) <= schedule.LearningRate(t));
        Assert.True(schedule.LearningRate(800) < held && schedule.LearningRate(800) > 0.99 * held);
    }

    [Fact]
    public void Linear_warmup_and_immediate_cosine_follow_their_formulas()
    {
        var schedule = Policies.Registry.Compile("autowu(warmup=linear, decay=cosine, min_lr=0.001, max_lr=0.1, rho=0.5)", new RunClock(10, 200));
        for (long t = 0; t < 100; t += 9) Assert.Equal(0.001 + ((0.1 - 0.001) * t / 100.0), schedule.LearningRate(t), 12);
        // At the cap the decay starts from the LR reached and falls at once (no constant phase).
        Assert.True(schedule.LearningRate(101) < schedule.LearningRate(100));
        Assert.Equal(0, schedule.LearningRate(199), 15);
    }

    [Fact]
    public void Bad_specs_name_the_parameter_and_what_is_allowed()
    {
        var noLength = Assert.Throws<SpecException>(() => Policies.Registry.Compile("autowu()", new RunClock(100)));
        Assert.Contains("autowu", noLength.Message);
        Assert.Contains("run length", noLength.Message);
        var order = Assert.Throws<SpecException>(() => Policies.Registry.Compile("autowu(min_lr=0.1, max_lr=0.01)", new RunClock(10, 100)));
        Assert.Contains("max_lr", order.Message);
        var nested = Assert.Throws<SpecException>(() => Policies.Registry.Compile("scale(autowu(), factor=2)", new RunClock(10, 100)));
        Assert.Contains("cannot be nested", nested.Message);
        var choice = Assert.Throws<SpecException>(() => Policies.Registry.Compile("autowu(warmup=cubic)", new RunClock(10, 100)));
        Assert.Contains("exponential", choice.Message);
        Assert.Null(BuiltInPolicies.Registry.Find("autowu")); // the step-only catalogue stays step-only
    }

    [Fact]
    public void It_finds_the_minimum_switches_once_and_says_so()
    {
        var c = (AutoWu)Start($"autowu(patience=2, {Fast})", total: 2000, perEpoch: 50);
        Drive(c, 0, 2000);
        Assert.NotNull(c.SwitchedAfterStep);
        Assert.True(c.SwitchedAfterStep < 1000, "switched before the cap");
        // The loss is lowest at LR 10^-1.5 ~ 0.032; the restart LR must be near it, far below max_lr.
        Assert.InRange(c.RestartLr!.Value, 0.01, 0.1);
        var e = Assert.Single(c.Events);
        Assert.Equal("warmup-ended", e.Kind);
        Assert.Equal(c.SwitchedAfterStep, e.Step);
        Assert.Contains("restart LR", e.Message);
        Assert.Contains("P(past minimum)", e.Message);
        Assert.Equal(0, c.LearningRate, 15); // ended by the final cosine
    }

    [Theory]
    [InlineData(175)] // mid warm-up, between tests
    [InlineData(200)] // right after a test
    [InlineData(1700)] // in the final cosine
    public void A_restored_state_continues_exactly_as_the_original(long cut)
    {
        string spec = $"autowu(patience=2, {Fast})";
        var whole = Start(spec, 2000, 50);
        var expected = Drive(whole, 0, 2000);

        var first = Start(spec, 2000, 50);
        var got = Drive(first, 0, cut);
        string saved = first.SaveState();
        var second = Start(spec, 2000, 50);
        second.RestoreState(saved);
        Assert.Equal(cut, second.Steps);
        got.AddRange(Drive(second, cut, 2000));

        Assert.Equal(expected, got); // bit for bit: the subsampling draws are keyed, the GP's Adam moments saved
        Assert.Equal(whole.Events, second.Events);
    }

    [Fact]
    public void A_state_from_another_run_length_is_refused()
    {
        var a = Start("autowu()", 100, 10);
        Drive(a, 0, 60);
        var b = Start("autowu()", 50, 10);
        Assert.Throws<FormatException>(() => b.RestoreState(a.SaveState()));
    }

    [Fact]
    public void Non_finite_losses_keep_their_place_and_are_left_out_of_the_fit()
    {
        var c = (AutoWu)Start($"autowu(patience=2, {Fast})", 2000, 50);
        for (long t = 0; t < 300; t++)
        {
            double lr = c.LearningRate;
            c.Observe(t % 7 == 3 ? double.NaN : Loss(lr, t));
        }

        Assert.Equal(300, c.History.Count);
        Assert.Equal(6, c.Tests.Count); // every epoch still tested
        Assert.All(c.Tests, t => Assert.All(t.Probabilities, p => Assert.InRange(p, 0, 1)));
    }

    [Fact]
    public void Every_hyperparameter_is_a_spec_parameter()
    {
        var names = AutoWuPolicy.Definition.Parameters.Select(p => p.Name).ToHashSet();
        foreach (string n in new[] { "min_lr", "max_lr", "rho", "warmup", "decay", "cooldown", "test_every", "patience", "tests", "confidence", "length_scale", "fit_points", "fit_iterations", "fit_lr", "predict_points", "grid_points", "seed" })
            Assert.Contains(n, names);
        var s = (AutoWuSchedule)Policies.Registry.Compile("autowu(min_lr=1e-4, max_lr=2, rho=0.3, patience=4, tests=7, confidence=0.9, length_scale=0.3, cooldown=0.1, test_every=2ep, seed=5)", new RunClock(10, 100));
        Assert.Equal(new AutoWuOptions { MinLr = 1e-4, MaxLr = 2, MaxWarmupFraction = 0.3, Patience = 4, Tests = 7, Confidence = 0.9, LengthScale = 0.3, CooldownFraction = 0.1, Seed = 5 }, s.Options);
        Assert.Equal(20, s.StepsPerTest);
    }

    [Theory]
    [InlineData("autowu(test_every=1000ba, rho=0.1)", true)] // 3 tests end at step 3,000 at the earliest; the cap is 1,000
    [InlineData("autowu(test_every=100ba, rho=0.1)", false)] // the earliest end, step 300, is before the cap
    [InlineData("autowu(test_every=250ba, rho=0.075)", true)] // the earliest end, step 750, is the cap itself: capped first
    [InlineData("autowu(test_every=250ba, rho=0.076, patience=3)", false)] // cap 760: a third positive test at 750 ends it
    [InlineData("autowu(test_every=100ba, patience=11, rho=0.1)", true)]
    public void A_warm_up_no_test_can_end_is_named_as_a_caution(string spec, bool caution)
    {
        var schedule = (AutoWuSchedule)Policies.Registry.Compile(spec, new RunClock(100, 10_000));
        if (caution)
        {
            Assert.NotNull(schedule.Caution);
            Assert.Contains("cannot end its warm-up by a test", schedule.Caution, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(schedule.Caution);
        }
    }
}
