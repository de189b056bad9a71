using LRBench.Schedules.PyTorch;
using LRBench.Schedules.Specs;
using LRBench.Schedules.Timm;
using static LRBench.Schedules.Catalogue.BuiltInPolicies;

namespace LRBench.Schedules.Catalogue;

/// <summary>timm schedulers by their own names and parameters.</summary>
internal static class TimmPolicies
{
    public static IEnumerable<PolicyDefinition> All() => CosineAndSteps().Concat(PolyTanhAndPlateau());

    /// <summary>timm's cosine and step schedulers.</summary>
    private static IEnumerable<PolicyDefinition> CosineAndSteps()
    {
        yield return Timm("CosineLRScheduler", "timm cosine with warm-up, restarts (cycle_mul, cycle_decay, cycle_limit), k-decay and seeded noise",
            [
                Param.Number("t_initial", "length of the first cycle (in t units)", min: 0, minExclusive: true),
                Param.Number("lr_min", "lowest LR", 0, min: 0),
                Param.Number("cycle_mul", "cycle length multiplier", 1, min: 0, minExclusive: true),
                Param.Number("cycle_decay", "peak multiplier per cycle", 1, min: 0, minExclusive: true),
                Param.Integer("cycle_limit", "number of cycles before holding lr_min", 1, min: 1),
            ],
            warmupPrefix: false,
            (a, timeline) => new CosineLRScheduler(new CosineLRSchedulerOptions
            {
                BaseLr = a.BaseLr(),
                TInitial = a.Number("t_initial"),
                LrMin = a.Number("lr_min"),
                CycleMul = a.Number("cycle_mul"),
                CycleDecay = a.Number("cycle_decay"),
                CycleLimit = a.Integer("cycle_limit"),
                KDecay = a.Number("k_decay"),
                Timeline = timeline,
            }),
            trailing: [KDecay()]);

        yield return Timm("StepLRScheduler", "timm step decay: base_lr decay_rate^floor(t / decay_t) after a warm-up, with seeded noise",
            [
                Param.Number("decay_t", "t between decays", min: 0, minExclusive: true),
                Param.Number("decay_rate", "decay factor", 1, min: 0),
            ],
            warmupPrefix: true,
            (a, timeline) => new StepLRScheduler(a.BaseLr(), a.Number("decay_t"), a.Number("decay_rate"), timeline));

        yield return Timm("MultiStepLRScheduler", "timm multi-step decay: decay_rate at each t in decay_t, after a warm-up, with seeded noise",
            [
                Param.List("decay_t", ParameterKind.Numbers, "the t values at which the LR is multiplied by decay_rate (ascending)", min: 0),
                Param.Number("decay_rate", "decay factor", 1, min: 0),
            ],
            warmupPrefix: true,
            (a, timeline) =>
            {
                var decayT = a.Numbers("decay_t");
                for (int i = 1; i < decayT.Count; i++)
                {
                    if (decayT[i] < decayT[i - 1]) throw a.Fail("decay_t", $"must be in ascending order (timm bisects it), got {decayT[i - 1]} before {decayT[i]}");
                }

                return new MultiStepLRScheduler(a.BaseLr(), decayT, a.Number("decay_rate"), timeline);
            });
    }

    /// <summary>timm's polynomial, tanh and plateau schedulers.</summary>
    private static IEnumerable<PolicyDefinition> PolyTanhAndPlateau()
    {
        yield return Timm("PolyLRScheduler", "timm polynomial decay (1 - t^k / T^k)^power with warm-up, restarts, k-decay and seeded noise",
            [
                Param.Number("t_initial", "length of the first cycle (in t units)", min: 0, minExclusive: true),
                Param.Number("power", "polynomial power", 0.5, min: 0),
                Param.Number("lr_min", "lowest LR", 0, min: 0),
                Param.Number("cycle_mul", "cycle length multiplier", 1, min: 0, minExclusive: true),
                Param.Number("cycle_decay", "peak multiplier per cycle", 1, min: 0, minExclusive: true),
                Param.Integer("cycle_limit", "number of cycles before holding lr_min", 1, min: 1),
            ],
            warmupPrefix: false,
            (a, timeline) => new PolyLRScheduler(
                a.BaseLr(), a.Number("t_initial"), a.Number("power"), a.Number("lr_min"), a.Number("cycle_mul"), a.Number("cycle_decay"),
                a.Integer("cycle_limit"), a.Number("k_decay"), timeline),
            trailing: [KDecay()]);

        yield return Timm("TanhLRScheduler", "timm hyperbolic-tangent decay (Hsueh et al. 2019) with warm-up, restarts and seeded noise",
            [
                Param.Number("t_initial", "length of the first cycle (in t units)", min: 0, minExclusive: true),
                Param.Number("lb", "tanh's argument at the start of a cycle", -7),
                Param.Number("ub", "tanh's argument at the end of a cycle", 3),
                Param.Number("lr_min", "lowest LR", 0, min: 0),
                Param.Number("cycle_mul", "cycle length multiplier", 1, min: 0, minExclusive: true),
                Param.Number("cycle_decay", "peak multiplier per cycle", 1, min: 0, minExclusive: true),
                Param.Integer("cycle_limit", "number of cycles before holding lr_min (0: lr_min from the start)", 1, min: 0),
            ],
            warmupPrefix: false,
            (a, timeline) =>
            {
                if (!(a.Number("lb") < a.Number("ub"))) throw a.Fail("lb", $"must be below ub ({a.Number("ub")}), got {a.Number("lb")}");
                return new TanhLRScheduler(
                    a.BaseLr(), a.Number("t_initial"), a.Number("lb"), a.Number("ub"), a.Number("lr_min"), a.Number("cycle_mul"), a.Number("cycle_decay"),
                    a.Integer("cycle_limit"), timeline);
            });

        yield return Plateau();
    }

    /// <summary>
    /// timm's PlateauLRScheduler: its parameters are not the other classes' (no t_initial, a warm-up counted in epochs,
    /// noise on top of PyTorch's plateau), so it is defined here whole, in timm's order.
    /// </summary>
    private static PolicyDefinition Plateau() =>
        new("PlateauLRScheduler", PolicyFamily.Timm, "timm's ReduceLROnPlateau, stepped per evaluation, after a warm-up counted in evaluations, with seeded noise",
            [
                BaseLr(),
                Param.Number("decay_rate", "LR multiplier on a plateau", 0.1, min: 0, max: 1, maxExclusive: true),
                Param.Integer("patience_t", "evaluations without improvement allowed before reducing", 10, min: 0),
                Param.Bool("verbose", "accepted and ignored", true),
                Param.Number("threshold", "relative improvement that counts", 1e-4, min: 0),
                Param.Integer("cooldown_t", "evaluations after a reduction that do not count", 0, min: 0),
                Param.Integer("warmup_t", "warm-up length, in evaluations", 0, min: 0),
                Param.Number("warmup_lr_init", "LR at the start of warm-up", 0, min: 0),
                Param.Number("lr_min", "lowest LR", 0, min: 0),
                Param.Choice("mode", "max (timm's default: it reads top-1) or min", "max", "max", "min"),
                Param.List("noise_range_t", ParameterKind.Numbers, "noise from evaluation a (to b if [a, b])", optional: true, min: 0),
                Param.Choice("noise_type", "noise distribution", "normal", "normal", "uniform"),
                Param.Number("noise_pct", "noise bound as a fraction of the LR", 0.67, min: 0),
                Param.Number("noise_std", "timm stores it but does not use it; accepted and ignored", 1.0, min: 0),
                Param.Integer("noise_seed", "seed of the per-evaluation noise", 42),
                Param.Bool("initialize", "timm's group initialisation flag; accepted and ignored", true),
            ],
            a =>
            {
                bool max = a.Choice("mode") == "max";
                var plateau = new ReduceLROnPlateauOptions
                {
                    BaseLr = a.BaseLr(),
                    MaxMode = max,
                    Factor = a.Number("decay_rate"),
                    Patience = a.Integer("patience_t"),
                    Threshold = a.Number("threshold"),
                    Cooldown = a.Integer("cooldown_t"),
                    MinLr = [a.Number("lr_min")],
                    // timm's loop feeds its eval metric: top-1 in mode max, the loss in mode min.
                    Source = max ? MetricSource.ValidationAccuracy : MetricSource.ValidationLoss,
                };
                return new PlateauLRScheduler(plateau, a.Integer("warmup_t"), a.Number("warmup_lr_init"), Noise(a));
            })
        {
            Aliases = ["timm.scheduler.PlateauLRScheduler", "timm.scheduler.plateau_lr.PlateauLRScheduler"],
        };

    /// <summary>
    /// A timm scheduler: its own parameters, then base_lr and the ones every timm scheduler shares (warm-up, t's
    /// unit, noise; <see cref="TimmTimeline"/>), read once for all of them. warmup_prefix's default differs by class.
    /// </summary>
    /// <remarks>The parameters keep timm's order (a ported call with positional arguments means the same); <paramref name="trailing"/> come after noise_seed, as k_decay does in timm.</remarks>
    private static PolicyDefinition Timm(
        string name, string description, IReadOnlyList<ParameterDefinition> own, bool warmupPrefix, Func<PolicyArguments, TimmTimeline, Schedule> build,
        IReadOnlyList<ParameterDefinition>? trailing = null) =>
        new(name, PolicyFamily.Timm, description,
            [
                BaseLr(),
                .. own,
                Param.Integer("warmup_t", "warm-up length (t units)", 0, min: 0),
                Param.Number("warmup_lr_init", "LR at the start of warm-up", 0, min: 0),
                Param.Bool("warmup_prefix", "start the decay after the warm-up (t - warmup_t)", warmupPrefix),
                Param.Bool("t_in_epochs", "count t in epochs (needs steps per epoch) instead of updates", true),
                Param.List("noise_range_t", ParameterKind.Numbers, "noise from t = a (to t = b if [a, b])", optional: true, min: 0),
                Param.Number("noise_pct", "noise bound as a fraction of the LR", 0.67, min: 0),
                Param.Number("noise_std", "timm stores it but does not use it; accepted and ignored", 1.0, min: 0),
                Param.Choice("noise_type", "noise distribution", "normal", "normal", "uniform"),
                Param.Integer("noise_seed", "seed of the per-t noise", 42),
                .. trailing ?? [],
                Param.Bool("initialize", "timm's group initialisation flag; accepted and ignored", true),
            ],
            a => build(a, Timeline(a)))
        {
            Aliases = [$"timm.scheduler.{name}", $"timm.scheduler.{Module(name)}.{name}"],
        };

    private static ParameterDefinition KDecay() => Param.Number("k_decay", "k-decay exponent", 1.0, min: 0, minExclusive: true);

    private static TimmTimeline Timeline(PolicyArguments a)
    {
        long? spe = null;
        if (a.Bool("t_in_epochs"))
        {
            spe = a.Clock.StepsPerEpoch ?? throw a.Fail("t_in_epochs",
                "is true (timm's default: t counts epochs), but the number of steps per epoch is unknown; give the clock's StepsPerEpoch, or t_in_epochs=false to count updates");
        }

        return Noise(a) with
        {
            WarmupT = a.Integer("warmup_t"),
            WarmupLrInit = a.Number("warmup_lr_init"),
            WarmupPrefix = a.Bool("warmup_prefix"),
            StepsPerEpoch = spe,
        };
    }

    /// <summary>timm's noise settings (noise_range_t, noise_pct, noise_type, noise_seed), which every timm scheduler reads alike.</summary>
    private static TimmTimeline Noise(PolicyArguments a)
    {
        var range = a.Numbers("noise_range_t");
        if (range.Count > 2) throw a.Fail("noise_range_t", $"is a start or a [start, end] pair (got {range.Count} values)");
        return new TimmTimeline
        {
            NoiseStart = range.Count > 0 ? range[0] : null,
            NoiseEnd = range.Count > 1 ? range[1] : null,
            NoisePct = a.Number("noise_pct"),
            NoiseNormal = a.Choice("noise_type") == "normal",
            NoiseSeed = a.Integer("noise_seed"),
        };
    }

    /// <summary>The timm module a class lives in (timm.scheduler.cosine_lr.CosineLRScheduler, ...).</summary>
    private static string Module(string name) => name switch
    {
        "CosineLRScheduler" => "cosine_lr",
        "StepLRScheduler" => "step_lr",
        "MultiStepLRScheduler" => "multistep_lr",
        "PolyLRScheduler" => "poly_lr",
        "TanhLRScheduler" => "tanh_lr",
        _ => "plateau_lr",
    };
}
