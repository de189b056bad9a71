using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>RMSprop's settings besides the learning rate.</summary>
public sealed class RmsPropOptions : TorchOptions
{
    /// <summary>The smoothing constant of the squared-gradient average.</summary>
    public double? Alpha { get; set; } = 0.99;

    /// <summary>Added to the root of the squared-gradient average.</summary>
    public double? Epsilon { get; set; } = 1e-8;

    /// <summary>Momentum of the update (0: none).</summary>
    public double? Momentum { get; set; } = 0;

    /// <summary>L2 penalty, added to the gradient.</summary>
    public double? WeightDecay { get; set; } = 0;

    internal RmsPropOptions Copy() => (RmsPropOptions)MemberwiseClone();

    internal void Validate()
    {
        if (!(LearningRate >= 0)) throw new ArgumentException($"learning rate must be >= 0, got {LearningRate}");
        if (!(Alpha is >= 0 and < 1)) throw new ArgumentException($"alpha must be in [0, 1), got {Alpha}");
        if (!(Epsilon > 0)) throw new ArgumentException($"epsilon must be > 0, got {Epsilon}");
        if (!(Momentum is >= 0 and < 1)) throw new ArgumentException($"momentum must be in [0, 1), got {Momentum}");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"weight decay must be >= 0, got {WeightDecay}");
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        base.SaveStateDict(writer);
        writer.Write(Alpha!.Value);
        writer.Write(Epsilon!.Value);
        writer.Write(Momentum!.Value);
        writer.Write(WeightDecay!.Value);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        base.LoadStateDict(reader);
        Alpha = reader.ReadDouble();
        Epsilon = reader.ReadDouble();
        Momentum = reader.ReadDouble();
        WeightDecay = reader.ReadDouble();
    }

    /// <inheritdoc />
    public override void LoadStateDict(TorchOptions source)
    {
        base.LoadStateDict(source);
        if (source is RmsPropOptions o) (Alpha, Epsilon, Momentum, WeightDecay) = (o.Alpha, o.Epsilon, o.Momentum, o.WeightDecay);
    }
}
