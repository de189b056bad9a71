using LRBench.Schedules.Catalogue;
using LRBench.Schedules.PyTorch;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Tests;

/// <summary>
/// timm's Step/MultiStep/Poly/Tanh schedulers, transformers' constant and min-LR cosine schedules, and PyTorch's SWALR,
/// LambdaLR and MultiplicativeLR, against value tables worked out by hand from the reference formulas (the file and
/// the formula are named at each table). Python cannot run here, so the tables are the reference: 1e-12 relative.
/// </summary>
public sealed class ReferenceSchedulerTests
{
    private static Schedule P(string spec, long stepsPerEpoch = 100, long total = 10_000) =>
        BuiltInPolicies.Registry.Compile(spec, new RunClock(StepsPerEpoch: stepsPerEpoch, TotalSteps: total));

    private static void Table(Schedule s, params (long Step, double Lr)[] rows)
    {
        foreach (var (step, lr) in rows)
        {
            double got = s.LearningRate(step);
            Assert.True(Math.Abs(got - lr) <= 1e-12 * Math.Max(Math.Abs(lr), 1e-300), $"step {step}: {got:R}, expected {lr:R}");
        }
    }

    [Fact]
    public void Timm_StepLRScheduler_with_a_prefixed_warm_up()
    {
        // timm/scheduler/step_lr.py: t < warmup_t: warmup_lr_init + t (base - init) / warmup_t; else (warmup_prefix:
        // t -= warmup_t) base decay_rate^(t // decay_t). base 0.1, decay_t 3, decay_rate 0.5, warmup 2 from 0.01.
        var s = P("StepLRScheduler(base_lr=0.1, decay_t=3, decay_rate=0.5, warmup_t=2, warmup_lr_init=0.01, t_in_epochs=false)");
        Table(s, (0, 0.01), (1, 0.055), (2, 0.1), (4, 0.1), (5, 0.05), (7, 0.05), (8, 0.025), (11, 0.0125));
        // Without the prefix the decay counts from t = 0: at t = 2, 2 // 3 = 0; at t = 3, one decay.
        Table(P("StepLRScheduler(base_lr=0.1, decay_t=3, decay_rate=0.5, warmup_t=2, warmup_lr_init=0.01, warmup_prefix=false, t_in_epochs=false)"),
            (1, 0.055), (2, 0.1), (3, 0.05), (6, 0.025));
        // t_in_epochs (timm's default): t = floor(step / steps per epoch); 100 steps per epoch here.
        Table(P("StepLRScheduler(base_lr=0.1, decay_t=2, decay_rate=0.1)"), (0, 0.1), (199, 0.1), (200, 0.01), (399, 0.01), (400, 0.001));
    }

    [Fact]
    public void Timm_MultiStepLRScheduler_counts_the_milestones_passed()
    {
        // timm/scheduler/multistep_lr.py: base decay_rate^bisect_right(decay_t, t), after the warm-up (prefix by default).
        var s = P("MultiStepLRScheduler(base_lr=1, decay_t=[2, 5], decay_rate=0.1, warmup_t=1, t_in_epochs=false)");
        // t = 0 warms up from 0; t' = t - 1 then counts the milestones at or below it.
        Table(s, (0, 0), (1, 1), (2, 1), (3, 0.1), (5, 0.1), (6, 0.01), (50, 0.01));
        var e = Assert.Throws<SpecException>(() => P("MultiStepLRScheduler(base_lr=1, decay_t=[5, 2], t_in_epochs=false)"));
        Assert.Contains("decay_t: must be in ascending order", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timm_PolyLRScheduler_with_cycles_and_k_decay()
    {
        // timm/scheduler/poly_lr.py: lr_min + (peak - lr_min) (1 - t_curr^k / t_i^k)^power in cycle i (peak = base
        // cycle_decay^i), lr_min once cycle_limit cycles have run. base 1, t_initial 4, power 2, lr_min 0.1.
        var s = P("PolyLRScheduler(base_lr=1, t_initial=4, power=2, lr_min=0.1, cycle_limit=2, cycle_decay=0.5, t_in_epochs=false)");
        Table(s,
            (0, 1.0),
            (1, 0.1 + (0.9 * 0.75 * 0.75)),
            (2, 0.1 + (0.9 * 0.25)),
            (3, 0.1 + (0.9 * 0.0625)),
            (4, 0.5),                              // second cycle: peak 0.5
            (6, 0.1 + (0.4 * 0.25)),
            (8, 0.1), (100, 0.1));                // past cycle_limit
        // k_decay = 2 and cycle_mul = 2: cycles of 4 and 8; at t = 6 (t_curr 2 of 8): 1 - 4/64 = 0.9375, squared... power 1 here.
        Table(P("PolyLRScheduler(base_lr=1, t_initial=4, power=1, cycle_mul=2, cycle_limit=3, k_decay=2, t_in_epochs=false)"),
            (2, 1 - (4.0 / 16)), (6, 1 - (4.0 / 64)), (11, 1 - (49.0 / 64)));
        // Default warmup_prefix is false: the decay runs on the global t, and warm-up ends at base_lr.
        Table(P("PolyLRScheduler(base_lr=1, t_initial=10, power=1, warmup_t=2, t_in_epochs=false)"), (1, 0.5), (2, 0.8), (5, 0.5));
    }

    [Fact]
    public void Timm_TanhLRScheduler_and_its_warm_up_towards_the_decay()
    {
        // timm/scheduler/tanh_lr.py: tr = t_curr / t_i, lr_min + (peak - lr_min) (1 - tanh(lb (1 - tr) + ub tr)) / 2.
        var s = P("TanhLRScheduler(base_lr=1, t_initial=10, lb=-6, ub=4, t_in_epochs=false)");
        Table(s,
            (0, 0.5 * (1 - Math.Tanh(-6))),
            (4, 0.5 * (1 - Math.Tanh((-6 * 0.6) + (4 * 0.4)))),
            (10, 0.0));                                        // cycle_limit 1: lr_min afterwards
        // Without warmup_prefix, timm's warm-up climbs to the decay's value at t = warmup_t (its slope is computed from it).
        double at3 = 0.5 * (1 - Math.Tanh((-7 * 0.7) + (3 * 0.3)));
        Table(P("TanhLRScheduler(base_lr=1, t_initial=10, warmup_t=3, warmup_lr_init=0.1, t_in_epochs=false)"),
            (0, 0.1), (2, 0.1 + (2 * (at3 - 0.1) / 3)), (3, at3));
        // With the prefix it climbs to base_lr and the decay starts at its beginning.
        Table(P("TanhLRScheduler(base_lr=1, t_initial=10, warmup_t=3, warmup_prefix=true, t_in_epochs=false)"),
            (3, 0.5 * (1 - Math.Tanh(-7))));
        Assert.Throws<SpecException>(() => P("TanhLRScheduler(base_lr=1, t_initial=10, lb=3, ub=3, t_in_epochs=false)"));
    }

    [Fact]
    public void Timm_schedulers_share_timms_noise_and_its_range()
    {
        // Noise multiplies by (1 + n) inside noise_range_t only, the same n for the same t and seed (scheduler.py _add_noise).
        var noisy = P("StepLRScheduler(base_lr=0.1, decay_t=100, noise_range_t=[5, 10], noise_pct=0.1, t_in_epochs=false)");
        Assert.Equal(0.1, noisy.LearningRate(4));
        Assert.Equal(0.1, noisy.LearningRate(10));
        Assert.All(Enumerable.Range(5, 5), t => Assert.InRange(noisy.LearningRate(t), 0.09, 0.11));
        Assert.NotEqual(0.1, noisy.LearningRate(7));
        Assert.Equal(noisy.LearningRate(7), P("StepLRScheduler(base_lr=0.1, decay_t=100, noise_range_t=[5, 10], noise_pct=0.1, t_in_epochs=false)").LearningRate(7));
    }

    [Fact]
    public void Transformers_constant_and_min_lr_cosine_schedules()
    {
        // optimization.py: get_constant_schedule's lambda is 1.
        Table(P("get_constant_schedule(base_lr=0.3)"), (0, 0.3), (12345, 0.3));
        Table(P("constant(base_lr=0.3)"), (7, 0.3)); // its get_scheduler name

        // _get_cosine_schedule_with_warmup_lr_lambda with min_lr_rate: factor (1 - r) + r after s / max(1, W) warm-up.
        // base 1, W 2, N 10, min_lr 0.1 (rate 0.1): s = 6 is progress 0.5, factor 0.5.
        var withMin = P("get_cosine_with_min_lr_schedule_with_warmup(base_lr=1, num_warmup_steps=2, num_training_steps=10, min_lr=0.1)");
        Table(withMin, (0, 0), (1, 0.5), (2, 1), (6, (0.5 * 0.9) + 0.1), (10, 0.1));
        Table(P("cosine_with_min_lr(base_lr=2, num_warmup_steps=2, num_training_steps=10, min_lr_rate=0.1)"), (6, 2 * ((0.5 * 0.9) + 0.1)));
        Assert.Contains("give one", Assert.Throws<SpecException>(() =>
            P("get_cosine_with_min_lr_schedule_with_warmup(base_lr=1, num_warmup_steps=2, num_training_steps=10, min_lr=0.1, min_lr_rate=0.1)")).Message, StringComparison.Ordinal);
        Assert.Contains("or min_lr is required", Assert.Throws<SpecException>(() =>
            P("get_cosine_with_min_lr_schedule_with_warmup(base_lr=1, num_warmup_steps=2, num_training_steps=10)")).Message, StringComparison.Ordinal);

        // _get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda: warm-up one step ahead, (s + 1) / max(1, W), or
        // r + (1 - r) s / max(1, W - 1) with warmup_lr_rate; progress (s - W + 1) / max(1, N - W).
        var lrRate = P("get_cosine_with_min_lr_schedule_with_warmup_lr_rate(base_lr=1, num_warmup_steps=4, num_training_steps=12, min_lr_rate=0.2)");
        Table(lrRate, (0, 0.25), (3, 1.0), (4, (0.5 * (1 + Math.Cos(Math.PI / 8)) * 0.8) + 0.2), (7, (0.5 * 0.8) + 0.2));
        var fromRate = P("cosine_warmup_with_min_lr(base_lr=1, num_warmup_steps=4, num_training_steps=12, min_lr_rate=0.2, warmup_lr_rate=0.1)");
        Table(fromRate, (0, 0.1), (1, 0.1 + (0.9 / 3)), (3, 1.0));
    }

    [Fact]
    public void Transformers_get_scheduler_names_are_aliases()
    {
        foreach (var (name, function) in new[]
        {
            ("linear", "get_linear_schedule_with_warmup"), ("transformers.cosine", "get_cosine_schedule_with_warmup"),
            ("cosine_with_restarts", "get_cosine_with_hard_restarts_schedule_with_warmup"), ("polynomial", "get_polynomial_decay_schedule_with_warmup"),
            ("constant", "get_constant_schedule"), ("constant_with_warmup", "get_constant_schedule_with_warmup"), ("inverse_sqrt", "get_inverse_sqrt_schedule"),
            ("cosine_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup"), ("cosine_warmup_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"),
            ("warmup_stable_decay", "get_wsd_schedule"), ("transformers.linear", "get_linear_schedule_with_warmup"),
        })
        {
            Assert.Equal(function, BuiltInPolicies.Registry.Get(name).Name);
        }

        Assert.Equal("cosine", BuiltInPolicies.Registry.Get("cosine").Name); // LRBench's own half-cosine keeps its name
    }

    [Fact]
    public void PyTorch_SWALR_anneals_to_swa_lr_then_holds()
    {
        // torch/optim/swa_utils.py SWALR.get_lr: with step = _step_count - 1 and t = clamp(step / max(1, anneal_epochs)),
        // lr = swa_lr alpha + lr0 (1 - alpha), alpha = (1 - cos(pi t)) / 2 ('cos') or t ('linear').
        Table(P("SWALR(base_lr=1, swa_lr=0.2, anneal_epochs=4)"),
            (0, 1), (1, 0.2 + (0.8 * (1 + Math.Cos(Math.PI / 4)) / 2)), (2, 0.6), (4, 0.2), (100, 0.2));
        Table(P("SWALR(base_lr=1, swa_lr=0.2, anneal_epochs=4, anneal_strategy=\"linear\")"), (1, 0.8), (3, 0.4), (4, 0.2));
        Table(P("SWALR(base_lr=1, swa_lr=0.2, anneal_epochs=0)"), (0, 0.2), (5, 0.2)); // step = max(1, step)
        Assert.NotNull(BuiltInPolicies.Registry.Find("torch.optim.swa_utils.SWALR"));
    }

    [Fact]
    public void PyTorch_LambdaLR_and_MultiplicativeLR_from_delegates()
    {
        // LambdaLR: base_lr lr_lambda(t). MultiplicativeLR: lr_t = lr_{t-1} lr_lambda(t) from t = 1 (get_lr multiplies
        // when last_epoch > 0).
        Table(new LambdaLR(0.5, t => 1.0 / (t + 1)), (0, 0.5), (1, 0.25), (9, 0.05));
        var multiplicative = new MultiplicativeLR(1, t => t % 2 == 0 ? 0.5 : 0.9);
        Table(multiplicative, (0, 1), (1, 0.9), (2, 0.45), (3, 0.405), (4, 0.2025));
        Table(multiplicative, (2, 0.45)); // asked again, out of order: the same
        var bad = new LambdaLR(1, t => t == 3 ? double.NaN : 1);
        Assert.Equal("the LR multiplier returned NaN at step 3; it must be a finite number >= 0",
            Assert.Throws<InvalidOperationException>(() => bad.LearningRate(3)).Message);
    }

    [Fact]
    public void CyclicLR_and_OneCycleLR_accept_any_momentum_as_PyTorch_does()
    {
        var s = P("OneCycleLR(max_lr=0.1, total_steps=100, base_momentum=1.2, max_momentum=1.5)");
        Assert.Equal(1.5, s.Momentum(0));
        Assert.NotNull(P("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=10, base_momentum=-0.5, max_momentum=2)").Momentum(5));
    }

    [Fact]
    public void A_golden_case_gives_its_clocks_steps_per_epoch()
    {
        // timm's StepLRScheduler counts epochs by default: with 3 steps per epoch, decay_t = 1 halves the LR every 3 steps.
        string Case(string extra) => $$"""{"source": "timm.scheduler.StepLRScheduler", "params": {"base_lr": 1.0, "decay_t": 1, "decay_rate": 0.5{{extra}}}, "lr": [1, 1, 1, 0.5, 0.5, 0.5, 0.25]}""";
        var registry = LRBench.Schedules.Catalogue.BuiltInPolicies.Registry;
        var ok = LRBench.Schedules.Parity.GoldenCheck.RunCase("timm-epochs", System.Text.Json.Nodes.JsonNode.Parse(Case(", \"steps_per_epoch\": 3")), registry, 1e-12);
        Assert.True(ok.Passed, ok.Problem);
        var without = LRBench.Schedules.Parity.GoldenCheck.RunCase("timm-epochs", System.Text.Json.Nodes.JsonNode.Parse(Case("")), registry, 1e-12);
        Assert.False(without.Passed);
        Assert.Contains("the number of steps per epoch is unknown", without.Problem, StringComparison.Ordinal);
    }
}
