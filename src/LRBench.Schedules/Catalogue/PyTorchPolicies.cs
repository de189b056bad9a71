using LRBench.Schedules.Composition;
using LRBench.Schedules.PyTorch;
using LRBench.Schedules.Specs;
using static LRBench.Schedules.Catalogue.BuiltInPolicies;

namespace LRBench.Schedules.Catalogue;

/// <summary>torch.optim.lr_scheduler classes, by their own names and parameter names, stepped once per optimizer step.</summary>
internal static class PyTorchPolicies
{
    private const string Prefix = "torch.optim.lr_scheduler.";

    public static IEnumerable<PolicyDefinition> All() => StepsAndPlateau().Concat(Annealing()).Concat(LinearAndComposed());

    /// <summary>StepLR, MultiStepLR, SWALR and ReduceLROnPlateau.</summary>
    private static IEnumerable<PolicyDefinition> StepsAndPlateau()
    {
        yield return Define("StepLR", "decay by gamma every step_size steps",
            [BaseLr(), Param.Integer("step_size", "steps between decays", min: 1, countsSteps: true), Param.Number("gamma", "decay factor", 0.1, min: 0), LastEpoch(), Verbose()],
            a => new StepLR(a.BaseLr(), a.Integer("step_size"), a.Number("gamma")));

        yield return Define("MultiStepLR", "decay by gamma at each milestone",
            [BaseLr(), Param.List("milestones", ParameterKind.Integers, "steps at which the LR is multiplied by gamma", min: 0, countsSteps: true), Param.Number("gamma", "decay factor", 0.1, min: 0), LastEpoch(), Verbose()],
            a => new MultiStepLR(a.BaseLr(), a.Integers("milestones"), a.Number("gamma")));

        yield return Define("SWALR", "stochastic weight averaging's LR: anneal from base_lr to swa_lr over anneal_epochs (cos or linear), then hold",
            [
                BaseLr(), Param.Number("swa_lr", "the LR annealed to and held", min: 0),
                Param.Integer("anneal_epochs", "scheduler steps of the anneal (0: swa_lr at once)", 10, min: 0, countsSteps: true),
                Param.Choice("anneal_strategy", "anneal shape", "cos", "cos", "linear"), LastEpoch(),
            ],
            a => new SWALR(a.BaseLr(), a.Number("swa_lr"), a.Integer("anneal_epochs"), a.Choice("anneal_strategy") == "cos")) with
        {
            Aliases = ["torch.optim.swa_utils.SWALR"], // it lives in swa_utils, not lr_scheduler
        };

        yield return Define("ReduceLROnPlateau", "metric-driven: multiply the LR by factor when the watched metric stops improving (patience, threshold, cooldown, min_lr per group)",
            [
                BaseLr(),
                Param.Choice("mode", "min: lower is better (losses); max: higher is better (accuracy)", "min", "min", "max"),
                Param.Number("factor", "LR multiplier on a plateau", 0.1, min: 0, max: 1, maxExclusive: true),
                Param.Integer("patience", "readings without improvement allowed before reducing", 10, min: 0),
                Param.Number("threshold", "how much better counts as an improvement", 1e-4, min: 0),
                Param.Choice("threshold_mode", "rel: relative to the best; abs: absolute", "rel", "rel", "abs"),
                Param.Integer("cooldown", "readings after a reduction that do not count", 0, min: 0),
                Param.List("min_lr", ParameterKind.Numbers, "lowest LR: one value, or one per param group (default 0)", optional: true, min: 0),
                Param.Number("eps", "smallest reduction applied", 1e-8, min: 0),
                Param.Choice("monitor", "what it reads: val_loss or val_accuracy at every evaluation, or train_loss (smoothed) every N steps",
                    "val_loss", "val_loss", "val_accuracy", "train_loss"),
                Param.Steps("every", "train_loss: steps between readings", Duration.Steps(100)),
                Param.Number("beta", "train_loss: smoothing of the moving average", 0.98, min: 0, max: 1, maxExclusive: true),
                Param.Steps("warmup", "linear warm-up before the plateau logic (SequentialLR with LinearLR); 0: none", Duration.Steps(0), allowZero: true),
                Param.Number("warmup_start_factor", "the warm-up's first LR as a fraction of base_lr (LinearLR's start_factor)", 1.0 / 3, min: 0, minExclusive: true, max: 1),
                Verbose(),
            ],
            a =>
            {
                string monitor = a.Choice("monitor");
                bool max = a.Choice("mode") == "max";
                if (monitor == "val_accuracy" && !max) throw a.Fail("mode", "must be max when monitor is val_accuracy (a higher accuracy is better)");
                if (monitor != "val_accuracy" && max) throw a.Fail("mode", $"must be min when monitor is {monitor} (a lower loss is better)");
                var minLr = a.Numbers("min_lr");
                return new ReduceLROnPlateau(new ReduceLROnPlateauOptions
                {
                    BaseLr = a.BaseLr(),
                    MaxMode = max,
                    Factor = a.Number("factor"),
                    Patience = a.Integer("patience"),
                    Threshold = a.Number("threshold"),
                    RelativeThreshold = a.Choice("threshold_mode") == "rel",
                    Cooldown = a.Integer("cooldown"),
                    MinLr = minLr.Count == 0 ? [0] : minLr,
                    Eps = a.Number("eps"),
                    Source = monitor switch { "val_accuracy" => MetricSource.ValidationAccuracy, "train_loss" => MetricSource.TrainingLoss, _ => MetricSource.ValidationLoss },
                    Every = Math.Max(1, a.WholeSteps("every")),
                    Beta = a.Number("beta"),
                    WarmupSteps = a.WholeSteps("warmup"),
                    WarmupStartFactor = a.Number("warmup_start_factor"),
                });
            }) with
        {
            // transformers' get_reduce_on_plateau_schedule passes its kwargs to this class unchanged.
            Aliases =
            [
                Prefix + "ReduceLROnPlateau", "get_reduce_on_plateau_schedule", "transformers.get_reduce_on_plateau_schedule",
                "transformers.optimization.get_reduce_on_plateau_schedule", "reduce_lr_on_plateau", "transformers.reduce_lr_on_plateau",
            ],
        };
    }

    /// <summary>ExponentialLR, the cosine schedulers and CyclicLR.</summary>
    private static IEnumerable<PolicyDefinition> Annealing()
    {
        yield return Define("ExponentialLR", "decay by gamma every step",
            [BaseLr(), Param.Number("gamma", "decay factor per step", min: 0), LastEpoch(), Verbose()],
            a => new ExponentialLR(a.BaseLr(), a.Number("gamma")));

        yield return Define("CosineAnnealingLR", "cosine from base_lr to eta_min over T_max (periodic afterwards, as in PyTorch)",
            [BaseLr(), Param.Number("T_max", "half-period in steps", min: 0, minExclusive: true, countsSteps: true), Param.Number("eta_min", "lowest LR", 0, min: 0), LastEpoch(), Verbose()],
            a => new CosineAnnealingLR(a.BaseLr(), a.Number("T_max"), a.Number("eta_min")));

        yield return Define("CosineAnnealingWarmRestarts", "SGDR: cosine cycles of T_0, T_0 T_mult, ... epochs",
            [
                BaseLr(),
                Param.Integer("T_0", "length of the first cycle (epochs; steps without iters_per_epoch)", min: 1),
                Param.Number("T_mult", "cycle length multiplier; an integer >= 1 as PyTorch requires", 1, min: 1),
                Param.Number("eta_min", "lowest LR", 0, min: 0),
                Param.Integer("iters_per_epoch", "steps per epoch for fractional-epoch stepping (epoch = t / iters_per_epoch)", min: 1, optional: true),
                LastEpoch(), Verbose(),
            ],
            a =>
            {
                double mult = a.Number("T_mult");
                if (mult != Math.Floor(mult))
                    throw a.Fail("T_mult", $"must be an integer >= 1, as PyTorch requires (got {mult}); for fractional growth use sgdr(cycle_mult=...) or CosineLRScheduler(cycle_mul=...)");
                return new CosineAnnealingWarmRestarts(a.BaseLr(), a.Integer("T_0"), (long)mult, a.Number("eta_min"), a.IntegerOrNull("iters_per_epoch"));
            });

        yield return Define("CyclicLR", "triangular / triangular2 / exp_range cycles between base_lr and max_lr, momentum inverse",
            [
                Param.Number("base_lr", "lower LR bound", min: 0),
                Param.Number("max_lr", "upper LR bound", min: 0),
                Param.Number("step_size_up", "steps from base_lr up to max_lr", 2000, min: 0, minExclusive: true, countsSteps: true),
                Param.Number("step_size_down", "steps from max_lr down (default: step_size_up)", min: 0, minExclusive: true, optional: true, countsSteps: true),
                Param.Choice("mode", "amplitude policy", "triangular", "triangular", "triangular2", "exp_range"),
                Param.Number("gamma", "exp_range decay per step", 1.0, min: 0, minExclusive: true),
                new ParameterDefinition("scale_fn", ParameterKind.Choice, "custom Python callable: not representable; use mode") { Optional = true, Choices = [] },
                Param.Choice("scale_mode", "only used with scale_fn (PyTorch ignores it otherwise)", "cycle", "cycle", "iterations"),
                Param.Bool("cycle_momentum", "cycle momentum (or Adam's beta1) inversely to the LR", true),
                Param.Number("base_momentum", "momentum at the LR peak (any value, as PyTorch; the driver checks it against the optimizer)", 0.8),
                Param.Number("max_momentum", "momentum at the LR trough (any value, as PyTorch)", 0.9),
                LastEpoch(), Verbose(),
            ],
            a =>
            {
                if (a.Has("scale_fn")) throw a.Fail("scale_fn", "a Python callable cannot be carried over; choose mode=triangular, triangular2 or exp_range, or compose a policy");
                var mode = a.Choice("mode") switch
                {
                    "triangular" => CyclicMode.Triangular,
                    "triangular2" => CyclicMode.Triangular2,
                    _ => CyclicMode.ExpRange,
                };
                return new CyclicLR(a.Number("base_lr"), a.Number("max_lr"), a.Number("step_size_up"), a.NumberOrNull("step_size_down"),
                    mode, a.Number("gamma"), a.Bool("cycle_momentum"), a.Number("base_momentum"), a.Number("max_momentum"));
            });
    }

    /// <summary>OneCycleLR, PolynomialLR, LinearLR, ConstantLR and the schedulers that compose others.</summary>
    private static IEnumerable<PolicyDefinition> LinearAndComposed()
    {
        yield return Define("OneCycleLR", "1cycle: up to max_lr over pct_start, then down to max_lr/(div_factor final_div_factor)",
            [
                Param.Number("max_lr", "peak learning rate", min: 0, minExclusive: true),
                Param.Integer("total_steps", "length of the cycle (default: epochs x steps_per_epoch, or the run length)", min: 1, optional: true, countsSteps: true),
                Param.Integer("epochs", "with steps_per_epoch, gives total_steps", min: 1, optional: true),
                Param.Integer("steps_per_epoch", "with epochs, gives total_steps", min: 1, optional: true),
                Param.Number("pct_start", "fraction of the cycle spent increasing the LR", 0.3, min: 0, max: 1),
                Param.Choice("anneal_strategy", "annealing shape", "cos", "cos", "linear"),
                Param.Bool("cycle_momentum", "cycle momentum (or Adam's beta1) inversely to the LR", true),
                Param.Number("base_momentum", "momentum at the LR peak (any value, as PyTorch; the driver checks it against the optimizer)", 0.85),
                Param.Number("max_momentum", "momentum at the start and end (any value, as PyTorch)", 0.95),
                Param.Number("div_factor", "initial LR = max_lr / div_factor", 25, min: 0, minExclusive: true),
                Param.Number("final_div_factor", "final LR = initial LR / final_div_factor", 1e4, min: 0, minExclusive: true),
                Param.Bool("three_phase", "go back to the initial LR before the final annealing", false),
                LastEpoch(), Verbose(),
            ],
            a =>
            {
                long total = a.IntegerOrNull("total_steps")
                    ?? (a.IntegerOrNull("epochs") is long e && a.IntegerOrNull("steps_per_epoch") is long spe ? e * spe : (long?)null)
                    ?? a.Clock.TotalSteps
                    ?? throw a.Fail("total_steps", "is required: give total_steps, or epochs and steps_per_epoch, or a run length (the clock's TotalSteps)");
                return new OneCycleLR(a.Number("max_lr"), total, a.Number("pct_start"), a.Choice("anneal_strategy") == "cos", a.Bool("cycle_momentum"),
                    a.Number("base_momentum"), a.Number("max_momentum"), a.Number("div_factor"), a.Number("final_div_factor"), a.Bool("three_phase"));
            });

        yield return Define("PolynomialLR", "base_lr (1 - t/total_iters)^power, then 0",
            [BaseLr(), Param.Integer("total_iters", "steps of decay", 5, min: 1, countsSteps: true), Param.Number("power", "power", 1, min: 0), LastEpoch(), Verbose()],
            a => new PolynomialLR(a.BaseLr(), a.Integer("total_iters"), a.Number("power")));

        yield return Define("LinearLR", "factor from start_factor to end_factor over total_iters",
            [
                BaseLr(),
                Param.Number("start_factor", "multiplier at step 0", 1.0 / 3, min: 0, minExclusive: true, max: 1),
                Param.Number("end_factor", "multiplier from total_iters on", 1.0, min: 0, max: 1),
                Param.Integer("total_iters", "steps of the ramp", 5, min: 1, countsSteps: true), LastEpoch(), Verbose(),
            ],
            a => new LinearLR(a.BaseLr(), a.Number("start_factor"), a.Number("end_factor"), a.Integer("total_iters")));

        yield return Define("ConstantLR", "base_lr x factor until total_iters, then base_lr",
            [BaseLr(), Param.Number("factor", "multiplier before total_iters", 1.0 / 3, min: 0, max: 1), Param.Integer("total_iters", "steps at the reduced LR", 5, min: 0, countsSteps: true), LastEpoch(), Verbose()],
            a => new ConstantLR(a.BaseLr(), a.Number("factor"), a.Integer("total_iters")));

        yield return Define("SequentialLR", "schedulers one after another at the milestones, each on its own clock",
            [BaseLr(), Param.Policies("schedulers", "the schedulers, in order"), Param.List("milestones", ParameterKind.Integers, "steps at which the next scheduler takes over", min: 0, countsSteps: true), LastEpoch(), Verbose()],
            a =>
            {
                double baseLr = a.BaseLr();
                var children = a.Policies("schedulers", a.Clock with { BaseLearningRate = baseLr });
                var milestones = a.Integers("milestones");
                if (milestones.Count != children.Count - 1)
                    throw a.Fail("milestones", $"needs one milestone fewer than schedulers ({children.Count} schedulers, {milestones.Count} milestones)");
                return new Join(children, milestones);
            },
            positional: "schedulers");

        yield return Define("ChainedScheduler", "schedulers applied together: their factors multiply",
            [BaseLr(), Param.Policies("schedulers", "the schedulers to chain")],
            a =>
            {
                double baseLr = a.BaseLr();
                return new Chained(baseLr, a.Policies("schedulers", a.Clock with { BaseLearningRate = baseLr }));
            },
            positional: "schedulers");
    }

    private static PolicyDefinition Define(string name, string description, ParameterDefinition[] parameters, Func<PolicyArguments, Schedule> build, string? positional = null) =>
        new(name, PolicyFamily.PyTorch, description, parameters, a =>
        {
            if (a.Definition.Find("last_epoch") is not null) a.RequireFreshStart();
            return build(a);
        })
        {
            Aliases = [Prefix + name],
            Positional = positional,
        };
}
