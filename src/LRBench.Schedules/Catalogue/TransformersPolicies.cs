using LRBench.Schedules.Specs;
using LRBench.Schedules.Transformers;
using static LRBench.Schedules.Catalogue.BuiltInPolicies;

namespace LRBench.Schedules.Catalogue;

/// <summary>Hugging Face transformers schedule functions, by their own names and parameters.</summary>
internal static class TransformersPolicies
{
    public static IEnumerable<PolicyDefinition> All()
    {
        var warmup = Param.Integer("num_warmup_steps", "steps of linear warm-up from 0", min: 0, countsSteps: true);
        var training = Param.Integer("num_training_steps", "total steps", min: 1, countsSteps: true);

        yield return Define("get_linear_schedule_with_warmup", "linear warm-up, then linear decay to 0 at num_training_steps",
            [BaseLr(), warmup, training, LastEpoch()],
            a => new LinearWithWarmup(a.BaseLr(), a.Integer("num_warmup_steps"), a.Integer("num_training_steps")));

        yield return Define("get_cosine_schedule_with_warmup", "linear warm-up, then cosine (num_cycles waves; 0.5 = one half-cosine)",
            [BaseLr(), warmup, training, Param.Number("num_cycles", "number of cosine waves", 0.5, min: 0), LastEpoch()],
            a => new CosineWithWarmup(a.BaseLr(), a.Integer("num_warmup_steps"), a.Integer("num_training_steps"), a.Number("num_cycles")));

        yield return Define("get_cosine_with_hard_restarts_schedule_with_warmup", "linear warm-up, then num_cycles cosine cycles with hard restarts",
            [BaseLr(), warmup, training, Param.Integer("num_cycles", "number of hard restarts", 1, min: 1), LastEpoch()],
            a => new CosineWithHardRestarts(a.BaseLr(), a.Integer("num_warmup_steps"), a.Integer("num_training_steps"), a.Integer("num_cycles")));

        yield return Define("get_polynomial_decay_schedule_with_warmup", "linear warm-up, then polynomial decay to lr_end",
            [BaseLr(), warmup, training, Param.Number("lr_end", "final LR", 1e-7, min: 0), Param.Number("power", "power", 1.0, min: 0), LastEpoch()],
            a =>
            {
                double baseLr = a.BaseLr(), lrEnd = a.Number("lr_end");
                if (!(lrEnd < baseLr)) throw a.Fail("lr_end", $"must be smaller than the initial LR {baseLr} (got {lrEnd}), as transformers requires");
                return new PolynomialDecayWithWarmup(baseLr, a.Integer("num_warmup_steps"), a.Integer("num_training_steps"), lrEnd, a.Number("power"));
            });

        yield return Define("get_inverse_sqrt_schedule", "linear warm-up, then 1/sqrt decay",
            [BaseLr(), warmup, Param.Number("timescale", "decay timescale (default: num_warmup_steps, or 10,000)", min: 0, minExclusive: true, optional: true, countsSteps: true), LastEpoch()],
            a => new InverseSqrt(a.BaseLr(), a.Integer("num_warmup_steps"), a.NumberOrNull("timescale")));

        yield return Define("get_constant_schedule_with_warmup", "linear warm-up, then constant",
            [BaseLr(), warmup, LastEpoch()],
            a => new ConstantWithWarmup(a.BaseLr(), a.Integer("num_warmup_steps")));

        yield return Define("get_constant_schedule", "the optimizer's LR, constant",
            [BaseLr(), LastEpoch()],
            a => new ConstantSchedule(a.BaseLr()));

        // min_lr and min_lr_rate: exactly one, as transformers requires; min_lr is turned into a rate of base_lr.
        var minLr = Param.Number("min_lr", "lowest LR after the cosine (or give min_lr_rate)", min: 0, optional: true);
        var minLrRate = Param.Number("min_lr_rate", "lowest LR as a fraction of base_lr (or give min_lr)", min: 0, max: 1, optional: true);
        yield return Define("get_cosine_with_min_lr_schedule_with_warmup", "linear warm-up, then cosine down to min_lr (or min_lr_rate x base_lr)",
            [BaseLr(), warmup, training, Param.Number("num_cycles", "number of cosine waves", 0.5, min: 0), LastEpoch(), minLr, minLrRate],
            a => new CosineWithWarmup(a.BaseLr(), a.Integer("num_warmup_steps"), a.Integer("num_training_steps"), a.Number("num_cycles"), MinLrRate(a)));

        yield return Define("get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
            "warm-up one step ahead (from warmup_lr_rate if given), then cosine down to min_lr (or min_lr_rate x base_lr)",
            [
                BaseLr(), warmup, training, Param.Number("num_cycles", "number of cosine waves", 0.5, min: 0), LastEpoch(), minLr, minLrRate,
                Param.Number("warmup_lr_rate", "the warm-up's first LR as a fraction of base_lr (default: 1 / num_warmup_steps)", min: 0, max: 1, optional: true),
            ],
            a => new CosineWithMinLrWarmupLrRate(
                a.BaseLr(), a.Integer("num_warmup_steps"), a.Integer("num_training_steps"), a.Number("num_cycles"), MinLrRate(a), a.NumberOrNull("warmup_lr_rate")));

        string[] shapes = ["linear", "cosine", "1-sqrt"];
        yield return Define("get_wsd_schedule", "warmup-stable-decay: warm-up, hold, then linear / cosine / 1-sqrt decay to min_lr_ratio",
            [
                BaseLr(), warmup,
                Param.Integer("num_decay_steps", "steps of the decay phase", min: 0, countsSteps: true),
                Param.Integer("num_training_steps", "total steps (gives num_stable_steps when that is absent)", min: 1, optional: true, countsSteps: true),
                Param.Integer("num_stable_steps", "steps at the peak", min: 0, optional: true, countsSteps: true),
                Param.Choice("warmup_type", "warm-up shape", "linear", shapes),
                Param.Choice("decay_type", "decay shape", "cosine", shapes),
                Param.Number("min_lr_ratio", "final LR as a fraction of base_lr", 0, min: 0, max: 1),
                Param.Number("num_cycles", "cosine waves in the decay (0.5 = half-cosine)", 0.5, min: 0),
                LastEpoch(),
            ],
            a =>
            {
                long w = a.Integer("num_warmup_steps"), d = a.Integer("num_decay_steps");
                long s = a.IntegerOrNull("num_stable_steps")
                    ?? (a.IntegerOrNull("num_training_steps") is long n ? n - w - d : throw a.Fail("num_stable_steps", "is required when num_training_steps is not given"));
                if (s < 0) throw a.Fail("num_training_steps", $"must be at least num_warmup_steps + num_decay_steps = {w + d}");
                return new WarmupStableDecay(a.BaseLr(), w, s, d, Shape(a.Choice("warmup_type")), Shape(a.Choice("decay_type")), a.Number("min_lr_ratio"), a.Number("num_cycles"));
            });
    }

    private static double MinLrRate(PolicyArguments a)
    {
        double? minLr = a.NumberOrNull("min_lr"), rate = a.NumberOrNull("min_lr_rate");
        if (minLr is not null && rate is not null) throw a.Fail("min_lr", "and min_lr_rate are both given; give one (transformers allows only one)");
        if (minLr is double m) return m / a.BaseLr();
        return rate ?? throw a.Fail("min_lr_rate", "or min_lr is required (transformers requires one of them)");
    }

    /// <summary>
    /// transformers' get_scheduler names (its SchedulerType values) for each function. LRBench's own <c>cosine</c>
    /// (a shape policy) keeps its name, so transformers' is <c>transformers.cosine</c>; every name is also reachable
    /// with the <c>transformers.</c> prefix.
    /// </summary>
    private static string[] SchedulerTypeNames(string function) => function switch
    {
        "get_linear_schedule_with_warmup" => ["linear"],
        "get_cosine_schedule_with_warmup" => ["transformers.cosine"],
        "get_cosine_with_hard_restarts_schedule_with_warmup" => ["cosine_with_restarts"],
        "get_polynomial_decay_schedule_with_warmup" => ["polynomial"],
        "get_constant_schedule" => ["constant"],
        "get_constant_schedule_with_warmup" => ["constant_with_warmup"],
        "get_inverse_sqrt_schedule" => ["inverse_sqrt"],
        "get_cosine_with_min_lr_schedule_with_warmup" => ["cosine_with_min_lr"],
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate" => ["cosine_warmup_with_min_lr"],
        "get_wsd_schedule" => ["warmup_stable_decay"],
        _ => [],
    };

    internal static WsdShape Shape(string name) => name switch
    {
        "linear" => WsdShape.Linear,
        "cosine" => WsdShape.Cosine,
        _ => WsdShape.OneMinusSqrt,
    };

    private static PolicyDefinition Define(string name, string description, ParameterDefinition[] parameters, Func<PolicyArguments, Schedule> build) =>
        new(name, PolicyFamily.Transformers, description, parameters, a =>
        {
            a.RequireFreshStart();
            return build(a);
        })
        {
            Aliases =
            [
                "transformers." + name, "transformers.optimization." + name,
                .. SchedulerTypeNames(name).SelectMany(t => t.StartsWith("transformers.", StringComparison.Ordinal) ? [t] : new[] { t, "transformers." + t }),
            ],
        };
}
