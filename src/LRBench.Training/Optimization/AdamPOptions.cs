namespace LRBench.Training.Optimization;

/// <summary>The settings of AdamP beyond Adam's.</summary>
public sealed class AdamPOptions : MomentOptions
{
    /// <summary>A weight counts as scale-invariant when every |cos(weight, gradient)| is below delta / sqrt(dim).</summary>
    public double Delta { get; set; } = 0.1;

    /// <summary>Weight decay is multiplied by this on scale-invariant weights.</summary>
    public double WeightDecayRatio { get; set; } = 0.1;

    /// <summary>Nesterov momentum, as in the AdamP paper's code.</summary>
    public bool Nesterov { get; set; }

    internal override void Validate()
    {
        base.Validate();
        if (!(Delta > 0)) throw new ArgumentException($"AdamP's delta must be > 0, got {Delta}");
        if (!(WeightDecayRatio >= 0)) throw new ArgumentException($"AdamP's weight-decay ratio must be >= 0, got {WeightDecayRatio}");
    }
}
