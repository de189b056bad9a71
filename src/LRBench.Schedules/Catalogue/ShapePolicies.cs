using LRBench.Schedules.Shapes;
using LRBench.Schedules.Specs;
using LRBench.Schedules.Transformers;

namespace LRBench.Schedules.Catalogue;

/// <summary>The shapes and recipes of the seeds (004's tutorial, 001's REX, 000's multiplicative cycles, 002's warm-up).</summary>
internal static class ShapePolicies
{
    // Parameters several shapes share, described once.
    private static readonly ParameterDefinition MinLr = Param.Number("min_lr", "lowest LR", 0, min: 0);
    private static readonly ParameterDefinition MaxLr = Param.Number("max_lr", "highest LR", min: 0, minExclusive: true);
    private static readonly ParameterDefinition CycleLength = Param.Steps("cycle_length", "length of one cycle");
    private static readonly ParameterDefinition Run = Param.Steps("length", "length of the schedule", Duration.Fraction(1));

    public static IEnumerable<PolicyDefinition> All() => SingleShapes().Concat(CyclesAndRecipes());

    /// <summary>One-shape policies: triangles, cosine, warm-up, cool-down and the one-cycle policy.</summary>
    private static IEnumerable<PolicyDefinition> SingleShapes()
    {
        yield return Define("triangular", "one triangle min_lr -> max_lr -> min_lr over cycle_length (seed 004), then min_lr",
            [MinLr, MaxLr, CycleLength, Param.Number("inc_fraction", "fraction of the cycle spent increasing", 0.5, min: 0, minExclusive: true, max: 1)],
            a => new Triangular(a.Number("min_lr"), a.Number("max_lr"), a.Steps("cycle_length"), a.Number("inc_fraction")));

        yield return Define("slanted_triangular", "triangle with a short rise (Howard and Ruder's STLR; inc_fraction 0.1)",
            [MinLr, MaxLr, CycleLength, Param.Number("inc_fraction", "fraction of the cycle spent increasing", 0.1, min: 0, minExclusive: true, max: 1)],
            a => new Triangular(a.Number("min_lr"), a.Number("max_lr"), a.Steps("cycle_length"), a.Number("inc_fraction")));

        yield return Define("cosine", "half cosine from max_lr to min_lr over length, then min_lr",
            [MaxLr, MinLr, Run],
            a => new CosineAnnealing(a.Number("max_lr"), a.Number("min_lr"), a.Steps("length")));

        yield return Define("warmup", "linear warm-up from start_lr to the wrapped policy's first value, then that policy on its own clock",
            [Param.Policy("schedule", "the policy after warm-up"), Param.Steps("length", "warm-up length"), Param.Number("start_lr", "LR at step 0", 0, min: 0)],
            a => new LinearWarmup(a.Policy("schedule"), a.Number("start_lr"), a.Steps("length")),
            positional: "schedule");

        yield return Define("cooldown", "the wrapped policy until start, then linear to finish_lr over length",
            [Param.Policy("schedule", "the policy before cool-down"), Param.Steps("start", "first step of the cool-down", allowZero: true), Param.Steps("length", "cool-down length"), Param.Number("finish_lr", "LR at the end", 0, min: 0)],
            a => new LinearCooldown(a.Policy("schedule"), a.Number("finish_lr"), a.Steps("start"), a.Steps("length")),
            positional: "schedule");

        yield return Define("one_cycle", "seed 004's 1-cycle: one symmetric triangle, then a linear cool-down to finish_lr",
            [
                Param.Number("start_lr", "lower bound of the triangle", min: 0), MaxLr, CycleLength,
                Param.Steps("cooldown_length", "cool-down length (0: none)", Duration.Steps(0), allowZero: true),
                Param.Number("finish_lr", "LR at the end of the cool-down (required with a cool-down)", min: 0, optional: true),
            ],
            a =>
            {
                double cooldown = a.Steps("cooldown_length");
                double? finish = a.NumberOrNull("finish_lr");
                if (cooldown > 0 && finish is null) throw a.Fail("finish_lr", "is required when cooldown_length > 0");
                if (cooldown == 0 && finish is not null) throw a.Fail("cooldown_length", "must be > 0 when finish_lr is given");
                double start = a.Number("start_lr"), length = a.Steps("cycle_length");
                var triangle = new Triangular(start, a.Number("max_lr"), length);
                return cooldown > 0 ? new LinearCooldown(triangle, finish!.Value, length, cooldown) : triangle;
            });
    }

    /// <summary>Cycles (cyclical, SGDR, multiplicative) and the recipes: REX, constant then cosine, exponential and cosine warm-up, WSD.</summary>
    private static IEnumerable<PolicyDefinition> CyclesAndRecipes()
    {
        yield return Define("cyclical", "seed 004's cyclical wrapper: repeated triangle or cosine cycles with cycle-length and magnitude decay",
            [
                Param.Choice("shape", "cycle shape", "triangular", "triangular", "cosine"), MinLr, MaxLr, CycleLength,
                Param.Number("cycle_length_decay", "next length = ceil(length x decay)", 1, min: 0, minExclusive: true),
                Param.Number("cycle_magnitude_decay", "both bounds multiplied by this each cycle", 1, min: 0, minExclusive: true),
                Param.Number("inc_fraction", "rising fraction of a triangle", 0.5, min: 0, minExclusive: true, max: 1),
            ],
            a => new Cyclical(a.Choice("shape") == "cosine" ? CycleShape.Cosine : CycleShape.Triangular, a.Number("min_lr"), a.Number("max_lr"),
                a.WholeSteps("cycle_length"), a.Number("cycle_length_decay"), a.Number("cycle_magnitude_decay"), a.Number("inc_fraction")));

        yield return Define("sgdr", "SGDR (Loshchilov and Hutter): cosine cycles with restarts, lengths x cycle_mult, peaks x peak_decay",
            [MaxLr, MinLr, CycleLength, Param.Number("cycle_mult", "cycle length multiplier (real >= 1)", 2, min: 1), Param.Number("peak_decay", "peak multiplier per cycle", 1, min: 0, minExclusive: true)],
            a => new MultiplicativeCyclic(a.Number("max_lr"), a.Steps("cycle_length"), a.Number("cycle_mult"), a.Number("min_lr"), peakDecay: a.Number("peak_decay")));

        yield return Define("multiplicative_cyclic", "seed 000: linear warm-up to peak_lr, then cosine cycles with periods a, a r, a r^2, ...",
            [
                Param.Number("peak_lr", "peak LR", min: 0, minExclusive: true),
                Param.Steps("first_period", "period a of the first cycle"),
                Param.Number("factor", "period growth r", 2, min: 1),
                MinLr,
                Param.Steps("warmup", "linear warm-up length", Duration.Steps(0), allowZero: true),
                Param.Number("warmup_start_lr", "LR at step 0", 0, min: 0),
                Param.Number("peak_decay", "peak multiplier per cycle (seed 000's decaying amplitude)", 1, min: 0, minExclusive: true),
            ],
            a => new MultiplicativeCyclic(a.Number("peak_lr"), a.Steps("first_period"), a.Number("factor"), a.Number("min_lr"),
                a.Steps("warmup"), a.Number("warmup_start_lr"), a.Number("peak_decay")),
            aliases: ["mclr"]);

        yield return Define("rex", "REX profile (Chen et al. 2022) with a sampling rate: samples=N holds N values (a step schedule)",
            [MaxLr, MinLr, Run, Param.Choice("variant", "paper: (1-z)/(1/2+(1-z)/2); reference: (1-z)/(0.1+0.9(1-z))", "paper", "paper", "reference"), Param.Integer("samples", "number of LR values over the run (0: every step)", 0, min: 0)],
            a => new Rex(a.Number("max_lr"), a.Number("min_lr"), a.Steps("length"), a.Choice("variant") == "paper" ? RexVariant.Paper : RexVariant.Reference, a.Integer("samples")));

        yield return Define("constant_then_cosine", "constant lr, then cosine to 0 over the last cooldown_fraction of length (seed 002's decay)",
            [Param.Number("lr", "the constant LR", min: 0, minExclusive: true), Run, Param.Number("cooldown_fraction", "fraction of length spent in the cosine", 0.2, min: 0, max: 1)],
            a => new ConstantThenCosine(a.Number("lr"), a.Steps("length"), a.Number("cooldown_fraction")));

        yield return Define("exp_warmup", "exponential warm-up min_lr (max_lr/min_lr)^(t/length) (seed 002), then max_lr",
            [Param.Number("min_lr", "LR at step 0", 1e-5, min: 0, minExclusive: true), Param.Number("max_lr", "LR reached at length", 1.0, min: 0, minExclusive: true), Param.Steps("length", "warm-up length")],
            a => new ExponentialWarmup(a.Number("min_lr"), a.Number("max_lr"), a.Steps("length")));

        yield return Define("warmup_cosine", "linear warm-up to peak_lr, then cosine to min_lr at length (length includes the warm-up)",
            [Param.Number("peak_lr", "peak LR", min: 0, minExclusive: true), Param.Steps("warmup", "warm-up length", allowZero: true), Run, MinLr, Param.Number("start_lr", "LR at step 0", 0, min: 0)],
            a =>
            {
                double warm = a.Steps("warmup"), length = a.Steps("length");
                if (warm >= length) throw a.Fail("warmup", $"must be shorter than length ({warm} >= {length} steps)");
                return new WarmupCosine(a.Number("peak_lr"), warm, length, a.Number("min_lr"), a.Number("start_lr"));
            });

        string[] shapes = ["linear", "cosine", "1-sqrt"];
        yield return Define("wsd", "warmup-stable-decay with durations: warm-up, hold peak_lr, decay over the last `decay` of length",
            [
                Param.Number("peak_lr", "peak LR", min: 0, minExclusive: true),
                Param.Steps("warmup", "warm-up length", allowZero: true),
                Param.Steps("decay", "decay length", Duration.Fraction(0.2), allowZero: true),
                Run,
                Param.Choice("warmup_type", "warm-up shape", "linear", shapes),
                Param.Choice("decay_type", "decay shape", "linear", shapes),
                Param.Number("min_lr", "final LR", 0, min: 0),
            ],
            a =>
            {
                long w = (long)Math.Round(a.Steps("warmup")), d = (long)Math.Round(a.Steps("decay")), n = (long)Math.Round(a.Steps("length"));
                if (w + d > n) throw a.Fail("length", $"must cover warmup + decay ({w} + {d} > {n} steps)");
                double peak = a.Number("peak_lr"), min = a.Number("min_lr");
                if (min > peak) throw a.Fail("min_lr", $"must be <= peak_lr (got {min} > {peak})");
                return new WarmupStableDecay(peak, w, n - w - d, d, TransformersPolicies.Shape(a.Choice("warmup_type")), TransformersPolicies.Shape(a.Choice("decay_type")), min / peak);
            });
    }

    private static PolicyDefinition Define(string name, string description, ParameterDefinition[] parameters, Func<PolicyArguments, Schedule> build, string? positional = null, string[]? aliases = null) =>
        new(name, PolicyFamily.Shapes, description, parameters, build) { Positional = positional, Aliases = aliases ?? [] };
}
