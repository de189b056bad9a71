using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// Which optimizer to use and its settings other than the learning rate (the policy owns the learning rate, and
/// momentum or beta1 when it cycles them).
/// </summary>
public sealed record OptimizerOptions
{
    /// <summary>sgd, adam, adamw, rmsprop, lamb or adamp.</summary>
    public string Name { get; init; } = "sgd";

    /// <summary>SGD and RMSprop momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov momentum for SGD; AdamP's Nesterov-style first moment.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 penalty (SGD, Adam, RMSprop) or decoupled decay (AdamW, LAMB, AdamP).</summary>
    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>RMSprop's smoothing constant.</summary>
    public double Alpha { get; init; } = 0.99;
}

/// <summary>Builds TorchSharp optimizers from <see cref="OptimizerOptions"/>, validating every setting.</summary>
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
            "sgd" => optim.SGD(parameters, learningRate, momentum: o.Momentum, nesterov: o.Nesterov, weight_decay: o.WeightDecay),
            "adam" => optim.Adam(parameters, learningRate, beta1: o.Beta1, beta2: o.Beta2, eps: o.Epsilon, weight_decay: o.WeightDecay),
            "adamw" => optim.AdamW(parameters, learningRate, beta1: o.Beta1, beta2: o.Beta2, eps: o.Epsilon, weight_decay: o.WeightDecay),
            "rmsprop" => optim.RMSProp(parameters, learningRate, alpha: o.Alpha, eps: o.Epsilon, weight_decay: o.WeightDecay, momentum: o.Momentum),
            "lamb" => new Lamb(parameters, new MomentOptions { LearningRate = learningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay }),
            "adamp" => new AdamP(parameters, new AdamPOptions { LearningRate = learningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay, Nesterov = o.Nesterov }),
            _ => throw new ArgumentException($"unknown optimizer '{o.Name}'; known: {string.Join(", ", Names)}"),
        };
    }

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
        Check(o.Alpha >= 0 && o.Alpha < 1, $"alpha must be in [0, 1), got {o.Alpha}");
        Check(!o.Nesterov || (name == "sgd" && o.Momentum > 0) || name == "adamp", "Nesterov momentum needs sgd with momentum > 0, or adamp");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
