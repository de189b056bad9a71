namespace LRBench.Training.Optimization;

/// <summary>
/// Builds optimizers from <see cref="OptimizerOptions"/>, validating every setting. All six are ours (TorchSharp
/// <see cref="TorchSharp.Modules.OptimizerHelper"/>s): TorchSharp's own SGD, Adam, AdamW and RMSprop pass numbers to native code as
/// Scalars that a garbage collection on another thread can free mid-step (see <see cref="Tensors.ScalarMath"/>).
/// </summary>
public static class OptimizerFactory
{
    public static readonly IReadOnlyList<string> Names = ["sgd", "adam", "adamw", "rmsprop", "lamb", "adamp"];

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
            _ => throw new ArgumentException($"unknown optimizer '{o.Name}'; known: {string.Join(", ", Names)}"),
        };
    }

    private static MomentOptions Moments(OptimizerOptions o, double learningRate) =>
        new() { LearningRate = learningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay };

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
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
