using System.Text.Json.Serialization;

namespace LRBench.Training.Optimization;

/// <summary>
/// Which optimizer to use and its settings other than the learning rate (the policy owns the learning rate, and
/// momentum or beta1 when it cycles them).
/// </summary>
public sealed record OptimizerOptions
{
    /// <summary>sgd, adam, adamw, rmsprop, lamb, adamp, sgd-schedule-free or adamw-schedule-free.</summary>
    public string Name { get; init; } = "sgd";

    /// <summary>SGD, RMSprop and Schedule-Free SGD momentum.</summary>
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

    // The schedule-free settings are null unless given, and then left out of the serialised options, so that runs and
    // checkpoints of the other optimizers keep the fingerprints they had before these settings existed.

    /// <summary>Schedule-free optimizers: steps of their own linear warm-up (the authors' warmup_steps); null: 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? WarmupSteps { get; init; }

    /// <summary>Schedule-free optimizers: the authors' r, polynomial weighting of the average; null: 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? R { get; init; }

    /// <summary>Schedule-free optimizers: the authors' weight_lr_power, how the average weighs by the LR; null: 2.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WeightLrPower { get; init; }

    /// <summary>True for sgd-schedule-free and adamw-schedule-free.</summary>
    [JsonIgnore]
    public bool IsScheduleFree => OptimizerFactory.IsScheduleFree(Name);
}
