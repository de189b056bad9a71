using LRBench.Schedules;
using LRBench.Schedules.Specs;

namespace LRBench.Adaptive;

/// <summary><c>autowu(...)</c> in the spec language: every <see cref="AutoWuOptions"/> setting is a parameter.</summary>
internal static class AutoWuPolicy
{
    public static PolicyDefinition Definition { get; } = new(
        "autowu", PolicyFamily.Adaptive,
        "AutoWU (seed 002): exponential warm-up min_lr -> max_lr whose end and peak a GP test on the training loss finds, then constant and a cosine over the last cooldown (or cosine at once)",
        [
            Param.Number("min_lr", "eta_0, the LR at step 0", 1e-5, min: 0, minExclusive: true),
            Param.Number("max_lr", "eta_max, reached at rho T if no test fires first", 1.0, min: 0, minExclusive: true),
            Param.Number("rho", "the warm-up ends at the latest after this fraction of the run", 0.5, min: 0, max: 1),
            Param.Choice("warmup", "growth of the warm-up LR (linear: the paper's ablation)", "exponential", "exponential", "linear"),
            Param.Choice("decay", "after the warm-up: hold the restart LR then cosine over the last cooldown, or cosine to zero at once",
                "constant_then_cosine", "constant_then_cosine", "cosine"),
            Param.Number("cooldown", "fraction of the run for the final cosine", 0.2, min: 0, max: 1, maxExclusive: true),
            Param.Steps("test_every", "steps between tests (one epoch in the paper)", Duration.Epochs(1)),
            Param.Integer("patience", "positive tests in a row that end the warm-up", 3, min: 1),
            Param.Integer("tests", "GP predictions per test; a test is positive when more than half are confident", 5, min: 1),
            Param.Number("confidence", "a prediction is confident when P(past minimum) exceeds this", 0.95, min: 0, minExclusive: true, max: 1, maxExclusive: true),
            Param.Number("length_scale", "the RBF kernel's fixed length-scale on the [0, 1] history axis", 0.2, min: 0, minExclusive: true),
            Param.Integer("fit_points", "losses subsampled to fit the GP", 100, min: 2),
            Param.Integer("fit_iterations", "Adam steps per fit", 100, min: 0),
            Param.Number("fit_lr", "Adam's learning rate for the fit", 0.01, min: 0, minExclusive: true),
            Param.Integer("predict_points", "losses subsampled for each prediction", 500, min: 2),
            Param.Integer("grid_points", "points of [0, 1] the latent curve is predicted at", 500, min: 2),
            Param.Integer("seed", "seed of the subsampling", 0),
        ],
        Build);

    private static Schedule Build(PolicyArguments a)
    {
        double min = a.Number("min_lr"), max = a.Number("max_lr");
        if (!(max > min)) throw a.Fail("max_lr", $"must be > min_lr (got {max} <= {min})");
        if (a.Clock.TotalSteps is not long total)
            throw a.Fail("rho", "AutoWU needs the run length (T) to place its warm-up cap and cool-down; give the run's steps or epochs");
        var options = new AutoWuOptions
        {
            MinLr = min,
            MaxLr = max,
            MaxWarmupFraction = a.Number("rho"),
            LinearWarmup = a.Choice("warmup") == "linear",
            ImmediateCooldown = a.Choice("decay") == "cosine",
            CooldownFraction = a.Number("cooldown"),
            Patience = checked((int)a.Integer("patience")),
            Tests = checked((int)a.Integer("tests")),
            Confidence = a.Number("confidence"),
            LengthScale = a.Number("length_scale"),
            FitPoints = checked((int)a.Integer("fit_points")),
            FitIterations = checked((int)a.Integer("fit_iterations")),
            FitLearningRate = a.Number("fit_lr"),
            PredictPoints = checked((int)a.Integer("predict_points")),
            GridPoints = checked((int)a.Integer("grid_points")),
            Seed = a.Integer("seed"),
        };
        return new AutoWuSchedule(options, total, a.WholeSteps("test_every"));
    }
}
