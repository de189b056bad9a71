namespace LRBench.Training.Optimization;

/// <summary>
/// Builds optimizers from <see cref="OptimizerOptions"/>, validating every setting. All six are ours (TorchSharp
/// <see cref="TorchSharp.Modules.OptimizerHelper"/>s): TorchSharp's own SGD, Adam, AdamW and RMSprop pass numbers to native code as
/// Scalars that a garbage collection on another thread can free mid-step (see <see cref="Tensors.ScalarMath"/>).
/// </summary>
public static class OptimizerFactory
{
    public static readonly IReadOnlyList<string> Names = ["sgd", "adam", "adamw", "rmsprop", "lamb", "adamp", ScheduleFreeSgdName, ScheduleFreeAdamWName];

    /// <summary>Schedule-Free SGD (<see cref="ScheduleFreeSgd"/>).</summary>
    public const string ScheduleFreeSgdName = "sgd-schedule-free";

    /// <summary>Schedule-Free AdamW (<see cref="ScheduleFreeAdamW"/>).</summary>
    public const string ScheduleFreeAdamWName = "adamw-schedule-free";

    /// <summary>True when <paramref name="name"/> names a schedule-free optimizer.</summary>
    public static bool IsScheduleFree(string name) =>
        name?.Trim().ToLowerInvariant() is ScheduleFreeSgdName or ScheduleFreeAdamWName;

    public static TorchSharp.Modules.OptimizerHelper Create(OptimizerOptions o, IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(o);
        Validate(o);
        string name = o.Name.Trim().ToLowerInvariant();
        return name switch
        {
            "sgd" => new Sgd(parameters, new SgdOptions { LearningRate = learningRate, Momentum = o.Momentum, Nesterov = o.Nesterov, WeightDecay = o.WeightDecay }),
            "adam" => new Adam(parameters, Moments(o, learningRate)),
            "adamw" => new AdamW(parameters, Moments(o, learningRate)),
            "rmsprop" => new RmsProp(parameters, new RmsPropOptions { LearningRate = learningRate, Alpha = o.Alpha, Epsilon = o.Epsilon, Momentum = o.Momentum, WeightDecay = o.WeightDecay }),
            "lamb" => new Lamb(parameters, Moments(o, learningRate)),
            "adamp" => new AdamP(parameters, new AdamPOptions { LearningRate = learningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay, Nesterov = o.Nesterov }),
            ScheduleFreeSgdName => new ScheduleFreeSgd(parameters, ScheduleFree(o, learningRate, o.Momentum)),
            ScheduleFreeAdamWName => new ScheduleFreeAdamW(parameters, ScheduleFree(o, learningRate, o.Beta1)),
            _ => throw new ArgumentException($"unknown optimizer '{o.Name}'; known: {string.Join(", ", Names)}"),
        };
    }

    private static MomentOptions Moments(OptimizerOptions o, double learningRate) =>
        new() { LearningRate = learningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay };

    private static ScheduleFreeOptions ScheduleFree(OptimizerOptions o, double learningRate, double momentum) => new()
    {
        LearningRate = learningRate,
        Momentum = momentum,
        Beta2 = o.Beta2,
        Epsilon = o.Epsilon,
        WeightDecay = o.WeightDecay,
        WarmupSteps = o.WarmupSteps ?? 0,
        R = o.R ?? 0,
        WeightLrPower = o.WeightLrPower ?? 2,
    };

    public static void Validate(OptimizerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        string name = o.Name.Trim().ToLowerInvariant();
        if (!Names.Contains(name)) throw new ArgumentException($"unknown optimizer '{o.Name}'; known: {string.Join(", ", Names)}");
        Check(o.Momentum >= 0 && o.Momentum < 1, $"momentum must be in [0, 1), got {o.Momentum}");
        Check(o.WeightDecay >= 0 && double.IsFinite(o.WeightDecay), $"weight decay must be >= 0, got {o.WeightDecay}");
        Check(o.Beta1 >= 0 && o.Beta1 < 1, $"beta1 must be in [0, 1), got {o.Beta1}");
        Check(o.Beta2 >= 0 && o.Beta2 < 1, $"beta2 must be in [0, 1), got {o.Beta2}");
        Check(o.Epsilon > 0, $"epsilon must be > 0, got {o.Epsilon}");
        Tensors.Float32Range.Require(o.WeightDecay, "the weight decay");
        Tensors.Float32Range.Require(o.Epsilon, "epsilon");
        Check(o.Alpha >= 0 && o.Alpha < 1, $"alpha must be in [0, 1), got {o.Alpha}");
        Check(!o.Nesterov || (name == "sgd" && o.Momentum > 0) || name == "adamp", "Nesterov momentum needs sgd with momentum > 0, or adamp");
        bool scheduleFree = IsScheduleFree(name);
        Check(scheduleFree || (o.WarmupSteps is null && o.R is null && o.WeightLrPower is null),
            $"warmup_steps, r and weight_lr_power belong to {ScheduleFreeSgdName} and {ScheduleFreeAdamWName}; {name} has none");
        if (scheduleFree)
        {
            // y sits between x and z by the momentum (beta1): 0 would make x unreachable in eval mode, 1 would never move y.
            double momentum = name == ScheduleFreeSgdName ? o.Momentum : o.Beta1;
            Check(momentum > 0 && momentum < 1, $"{(name == ScheduleFreeSgdName ? "momentum" : "beta1")} must be between 0 and 1 (exclusive) for {name}, got {momentum}");
            Check(o.WarmupSteps is null or >= 0, $"warmup_steps must be >= 0, got {o.WarmupSteps}");
            Check(o.R is null or (>= 0 and <= 16), $"r must be in [0, 16], got {o.R}");
            Check(o.WeightLrPower is null || (o.WeightLrPower >= 0 && o.WeightLrPower <= 16), $"weight_lr_power must be in [0, 16], got {o.WeightLrPower}");
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
