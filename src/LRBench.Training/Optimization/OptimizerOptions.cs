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
