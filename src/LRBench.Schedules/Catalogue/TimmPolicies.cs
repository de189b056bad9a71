using LRBench.Schedules.Specs;
using LRBench.Schedules.Timm;
using static LRBench.Schedules.Catalogue.BuiltInPolicies;

namespace LRBench.Schedules.Catalogue;

/// <summary>timm schedulers by their own names and parameters.</summary>
internal static class TimmPolicies
{
    public static IEnumerable<PolicyDefinition> All()
    {
        yield return new PolicyDefinition("CosineLRScheduler", PolicyFamily.Timm,
            "timm cosine with warm-up, restarts (cycle_mul, cycle_decay, cycle_limit), k-decay and seeded noise",
            [
                BaseLr(),
                Param.Number("t_initial", "length of the first cycle (in t units)", min: 0, minExclusive: true),
                Param.Number("lr_min", "lowest LR", 0, min: 0),
                Param.Number("cycle_mul", "cycle length multiplier", 1, min: 0, minExclusive: true),
                Param.Number("cycle_decay", "peak multiplier per cycle", 1, min: 0, minExclusive: true),
                Param.Integer("cycle_limit", "number of cycles before holding lr_min", 1, min: 1),
                Param.Integer("warmup_t", "warm-up length (t units)", 0, min: 0),
                Param.Number("warmup_lr_init", "LR at the start of warm-up", 0, min: 0),
                Param.Bool("warmup_prefix", "start the cosine after the warm-up (t - warmup_t)", false),
                Param.Bool("t_in_epochs", "count t in epochs (needs steps per epoch) instead of updates", true),
                Param.List("noise_range_t", ParameterKind.Numbers, "noise from t = a (to t = b if [a, b])", optional: true, min: 0),
                Param.Number("noise_pct", "noise bound as a fraction of the LR", 0.67, min: 0),
                Param.Number("noise_std", "timm stores it but does not use it; accepted and ignored", 1.0, min: 0),
                Param.Choice("noise_type", "noise distribution", "normal", "normal", "uniform"),
                Param.Integer("noise_seed", "seed of the per-t noise", 42),
                Param.Number("k_decay", "k-decay exponent", 1.0, min: 0, minExclusive: true),
                Param.Bool("initialize", "timm's group initialisation flag; accepted and ignored", true),
            ],
            a =>
            {
                long? spe = null;
                if (a.Bool("t_in_epochs"))
                {
                    spe = a.Clock.StepsPerEpoch ?? throw a.Fail("t_in_epochs",
                        "is true (timm's default: t counts epochs), but the number of steps per epoch is unknown; give --steps-per-epoch, or t_in_epochs=false to count updates");
                }

                var noise = a.Numbers("noise_range_t");
                if (noise.Count > 2) throw a.Fail("noise_range_t", $"is a start or a [start, end] pair (got {noise.Count} values)");
                return new CosineLRScheduler(new CosineLRSchedulerOptions
                {
                    BaseLr = a.BaseLr(),
                    TInitial = a.Number("t_initial"),
                    LrMin = a.Number("lr_min"),
                    CycleMul = a.Number("cycle_mul"),
                    CycleDecay = a.Number("cycle_decay"),
                    CycleLimit = a.Integer("cycle_limit"),
                    WarmupT = a.Integer("warmup_t"),
                    WarmupLrInit = a.Number("warmup_lr_init"),
                    WarmupPrefix = a.Bool("warmup_prefix"),
                    KDecay = a.Number("k_decay"),
                    StepsPerEpoch = spe,
                    NoiseStart = noise.Count > 0 ? noise[0] : null,
                    NoiseEnd = noise.Count > 1 ? noise[1] : null,
                    NoisePct = a.Number("noise_pct"),
                    NoiseNormal = a.Choice("noise_type") == "normal",
                    NoiseSeed = a.Integer("noise_seed"),
                });
            })
        {
            Aliases = ["timm.scheduler.CosineLRScheduler", "timm.scheduler.cosine_lr.CosineLRScheduler"],
        };
    }
}
