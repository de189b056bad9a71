using LRBench.Schedules.Catalogue;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Tests;

/// <summary>The text and JSON spec forms: parsing, round trips, units, and errors that say what is wrong.</summary>
public sealed class SpecLanguageTests
{
    private static readonly PolicyRegistry Reg = BuiltInPolicies.Registry;

    [Theory]
    [InlineData("TRI2(k0=0.001, k1=0.006, l=2000)")]
    [InlineData("warmup(cosine(max_lr=0.05, length=0.9dur), length=1ep, start_lr=0)")]
    [InlineData("join(LinearLR(base_lr=0.1, start_factor=0.01, total_iters=10), CosineAnnealingLR(base_lr=0.1, T_max=90), at=[10])")]
    [InlineData("NSTEP(k0=0.05, gamma=0.1, l=[150, 180])")]
    [InlineData("get_wsd_schedule(base_lr=0.1, num_warmup_steps=10, num_decay_steps=30, num_stable_steps=60, decay_type='1-sqrt')")]
    [InlineData("CosineLRScheduler(base_lr=0.1, t_initial=10, noise_range_t=[5, 50], t_in_epochs=false)")]
    public void Text_and_JSON_forms_round_trip(string text)
    {
        var normalized = Reg.Normalize(PolicySpec.Parse(text));
        string canonical = SpecFormatter.ToText(normalized);
        string json = SpecFormatter.ToJson(normalized);
        var fromJson = SpecJson.Read(json).Policy;
        Assert.Equal(canonical, SpecFormatter.ToText(fromJson));
        Assert.Equal(canonical, SpecFormatter.ToText(Reg.Normalize(PolicySpec.Parse(canonical))));
        Assert.Equal(json, SpecFormatter.ToJson(fromJson));

        var clock = new RunClock(StepsPerEpoch: 10, TotalSteps: 200, BaseLearningRate: 0.1);
        var a = Reg.Compile(normalized, clock);
        var b = Reg.Compile(fromJson, clock);
        for (long t = 0; t < 200; t++) Assert.Equal(a.LearningRate(t), b.LearningRate(t));
    }

    [Fact]
    public void A_golden_case_object_is_accepted_as_is()
    {
        const string json = """
            {"source": "torch.optim.lr_scheduler.SequentialLR",
             "params": {"base_lr": 0.1, "milestones": [10], "steps": 100,
                        "schedulers": [{"source": "torch.optim.lr_scheduler.LinearLR", "start_factor": 0.01, "end_factor": 1.0, "total_iters": 10},
                                       {"source": "torch.optim.lr_scheduler.CosineAnnealingLR", "T_max": 90, "eta_min": 0.0}]}}
            """;
        var doc = SpecJson.Read(json);
        Assert.Equal(100, doc.Steps);
        var s = Reg.Compile(doc.Policy, new RunClock(TotalSteps: doc.Steps));
        Assert.Equal(0.001, s.LearningRate(0), 15);
        Assert.Equal(0.1, s.LearningRate(10), 15);
        Assert.Equal(0.05, s.LearningRate(55), 15);
    }

    [Fact]
    public void Durations_resolve_once_against_the_run_clock()
    {
        var clock = new RunClock(StepsPerEpoch: 469, TotalSteps: 469 * 8);
        var a = Reg.Compile("warmup_cosine(peak_lr=0.05, warmup=1ep)", clock);
        var b = Reg.Compile("warmup_cosine(peak_lr=0.05, warmup=469ba, length=3752)", clock);
        var c = Reg.Compile("warmup_cosine(peak_lr=0.05, warmup=0.125dur, length=8ep)", clock);
        for (long t = 0; t < 3752; t += 7)
        {
            Assert.Equal(a.LearningRate(t), b.LearningRate(t));
            Assert.Equal(a.LearningRate(t), c.LearningRate(t));
        }
    }

    [Fact]
    public void Epochs_without_steps_per_epoch_is_a_clear_error()
    {
        var e = Assert.Throws<SpecException>(() => Reg.Compile("TRI(k0=0.1, k1=0.2, l=2ep)", new RunClock(TotalSteps: 100)));
        Assert.Contains("TRI.l", e.Message);
        Assert.Contains("steps per epoch is unknown", e.Message);
    }

    [Theory]
    [InlineData("TRII(k0=1, k1=2, l=3)", "unknown policy 'TRII'; did you mean TRI")]
    [InlineData("CosineAnnealingWarmRestarts(base_lr=0.1, T_0=10, T_mult=1.5)", "T_mult: must be an integer >= 1, as PyTorch requires")]
    [InlineData("CosineAnnealingWarmRestarts(base_lr=0.1, T_0=0)", "T_0: must be >= 1 (got 0)")]
    [InlineData("CosineAnnealingWarmRestarts(base_lr=0.1, T_0=10, T_mult=0)", "T_mult: must be >= 1 (got 0)")]
    [InlineData("StepLR(step_size=10)", "StepLR.base_lr: is required")]
    [InlineData("StepLR(base_lr=0.1, step_size=10, last_epoch=5)", "last_epoch: must be -1")]
    [InlineData("LinearLR(base_lr=0.1, start_factor=0)", "start_factor: must be in (0, 1] (got 0)")]
    [InlineData("OneCycleLR(max_lr=0.1)", "total_steps: is required")]
    [InlineData("OneCycleLR(max_lr=0.1, total_steps=100, anneal_strategy=cosine)", "anneal_strategy: must be one of cos, linear (got 'cosine')")]
    [InlineData("CyclicLR(base_lr=0.1, max_lr=1, scale_fn=foo)", "scale_fn: a Python callable cannot be carried over")]
    [InlineData("CosineLRScheduler(base_lr=0.1, t_initial=10)", "t_in_epochs: is true")]
    [InlineData("TRI(k0=0.1, k1=0.2, l=abc)", "TRI.l: must be a number of steps or a duration")]
    [InlineData("TRI(k0=0.1 k1=0.2)", "column")]
    [InlineData("TRI(k0=0.1, k1=0.2", "expected ')'")]
    [InlineData("", "empty policy spec")]
    [InlineData("join(FIX(k0=0.1), FIX(k0=0.2), at=[10, 20])", "join.at: needs 1 boundaries for 2 pieces")]
    [InlineData("get_polynomial_decay_schedule_with_warmup(base_lr=0.1, num_warmup_steps=1, num_training_steps=10, lr_end=0.2)", "lr_end: must be smaller than the initial LR")]
    public void Bad_specs_say_what_is_wrong(string spec, string message)
    {
        var e = Assert.Throws<SpecException>(() => Reg.Compile(spec, new RunClock(TotalSteps: null)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Malformed_JSON_is_reported_as_such()
    {
        var e = Assert.Throws<SpecException>(() => PolicySpec.ParseAny("{\"policy\": \"TRI\", "));
        Assert.Contains("JSON is malformed", e.Message);
        var e2 = Assert.Throws<SpecException>(() => PolicySpec.ParseAny("{\"params\": {}}"));
        Assert.Contains("missing \"policy\"", e2.Message);
    }

    [Fact]
    public void PyTorch_base_lr_comes_from_the_run_when_the_spec_omits_it()
    {
        var s = Reg.Compile("StepLR(step_size=2, gamma=0.5)", new RunClock(BaseLearningRate: 0.4));
        Assert.Equal(0.2, s.LearningRate(2));
    }

    [Fact]
    public void Names_are_case_insensitive_and_fully_qualified_names_work()
    {
        var clock = new RunClock(TotalSteps: 20);
        var a = Reg.Compile("steplr(base_lr=0.1, step_size=3)", clock);
        var b = Reg.Compile("torch.optim.lr_scheduler.StepLR(base_lr=0.1, step_size=3)", clock);
        Assert.Equal(a.LearningRate(7), b.LearningRate(7));
        Assert.NotNull(Reg.Find("transformers.get_wsd_schedule"));
        Assert.NotNull(Reg.Find("timm.scheduler.cosine_lr.CosineLRScheduler"));
    }

    [Fact]
    public void Every_registered_policy_has_a_description_and_described_parameters()
    {
        Assert.True(Reg.Definitions.Count >= 45, $"only {Reg.Definitions.Count} policies");
        Assert.All(Reg.Definitions, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Description));
            Assert.All(d.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        });
    }

    [Fact]
    public void A_spec_interpolated_under_a_decimal_comma_culture_is_named_as_such()
    {
        UnderDecimalComma(() =>
        {
            double k0 = 0.01825;
            string spec = $"TRI2(k0={k0}, k1=0.05, l=100)"; // what a user's code writes: "k0=0,01825" under a decimal-comma culture
            Assert.Contains("0,01825", spec, StringComparison.Ordinal);
            var e = Assert.Throws<SpecException>(() => Reg.Compile(spec, new RunClock(TotalSteps: 100)));
            Assert.Contains("TRI2.k0", e.Message, StringComparison.Ordinal);
            Assert.Contains("decimal comma", e.Message, StringComparison.Ordinal);
            Assert.Contains("InvariantCulture", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_compiled_schedule_prints_as_its_spec()
    {
        var schedule = Reg.Compile("warmup_cosine(peak_lr=0.1, warmup=0.5ep)", new RunClock(100) { TotalSteps = 1000 });
        Assert.Equal("warmup_cosine(peak_lr=0.1, warmup=0.5ep)", schedule.ToString());
        Assert.Equal(schedule.ToString(), schedule.SpecText);
    }

    [Fact]
    public void The_step_only_registry_names_the_registry_that_holds_every_policy()
    {
        var e = Assert.Throws<SpecException>(() => Reg.Compile("autowu()"));
        Assert.Contains("LRBench.Adaptive.Policies.Registry", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_messages_name_the_clocks_settings_not_command_line_flags()
    {
        foreach (string spec in new[] { "CosineAnnealingLR(T_max=10)", "COS(k0=0.1, k1=0, l=1ep)", "COS(k0=0.1, k1=0, l=0.5dur)" })
        {
            var e = Assert.Throws<SpecException>(() => Reg.Compile(spec));
            Assert.Contains("the clock's", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parameters_that_count_steps_take_durations_under_every_librarys_names()
    {
        var clock = new RunClock(100) { TotalSteps = 1000 };
        double Lr(string spec, long step) => Reg.Compile(spec, clock).LearningRate(step);
        // Each against the same policy with the count written in steps.
        Assert.Equal(Lr("CyclicLR(base_lr=0.001, max_lr=0.1, step_size_up=50)", 37), Lr("CyclicLR(base_lr=0.001, max_lr=0.1, step_size_up=0.5ep)", 37), 15);
        Assert.Equal(Lr("StepLR(base_lr=0.1, step_size=100)", 250), Lr("StepLR(base_lr=0.1, step_size=1ep)", 250), 15);
        Assert.Equal(Lr("MultiStepLR(base_lr=0.1, milestones=[100, 300])", 350), Lr("MultiStepLR(base_lr=0.1, milestones=[1ep, 0.3dur])", 350), 15);
        Assert.Equal(Lr("CosineAnnealingLR(base_lr=0.1, T_max=1000)", 400), Lr("CosineAnnealingLR(base_lr=0.1, T_max=1dur)", 400), 15);
        Assert.Equal(
            Lr("get_linear_schedule_with_warmup(base_lr=0.1, num_warmup_steps=100, num_training_steps=1000)", 640),
            Lr("get_linear_schedule_with_warmup(base_lr=0.1, num_warmup_steps=1ep, num_training_steps=1dur)", 640), 15);
        // A duration that is not a whole number of steps is rounded to the nearest step.
        Assert.Equal(Lr("StepLR(base_lr=0.1, step_size=33)", 40), Lr("StepLR(base_lr=0.1, step_size=0.333ep)", 40), 15);
        // The catalogue says which parameters take them.
        var stepSize = Reg.Get("StepLR").Parameters.Single(p => p.Name == "step_size");
        Assert.Contains("ep", stepSize.KindText(), StringComparison.Ordinal);
        Assert.DoesNotContain("ep", Reg.Get("ReduceLROnPlateau").Parameters.Single(p => p.Name == "patience").KindText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_built_from_typed_values_is_the_text_forms_spec_in_any_culture()
    {
        UnderDecimalComma(() =>
        {
            var typed = PolicySpec.Create("TRI2", ("k0", 0.0003), ("k1", 0.046), ("l", Duration.Epochs(0.5)));
            Assert.Equal(PolicySpec.Parse("TRI2(k0=0.0003, k1=0.046, l=0.5ep)"), typed);
            Assert.Equal("TRI2(k0=0.0003, k1=0.046, l=0.5ep)", SpecFormatter.ToText(typed));
            var nested = PolicySpec.Create("warmup", ("schedule", PolicySpec.Create("COS", ("k0", 0.1), ("k1", 0), ("l", 1000))), ("length", Duration.Steps(100)));
            Assert.Equal(PolicySpec.Parse("warmup(schedule=COS(k0=0.1, k1=0, l=1000), length=100ba)"), nested);
            Assert.Equal(Reg.Compile("TRI2(k0=0.0003, k1=0.046, l=0.5ep)", new RunClock(100)).LearningRate(37), Reg.Compile(typed, new RunClock(100)).LearningRate(37));
        });
    }

    /// <summary>
    /// Runs <paramref name="test"/> under a culture whose decimal separator is a comma, as de-DE's is (the suite runs
    /// in .NET's globalization-invariant mode, which has no de-DE), and restores the culture after.
    /// </summary>
    private static void UnderDecimalComma(Action test)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = comma;
            test();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }
}
