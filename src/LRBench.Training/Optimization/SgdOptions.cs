using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>SGD's settings besides the learning rate.</summary>
public sealed class SgdOptions : TorchOptions
{
    /// <summary>Momentum (0: plain SGD).</summary>
    public double? Momentum { get; set; } = 0;

    /// <summary>Nesterov momentum (needs momentum &gt; 0).</summary>
    public bool? Nesterov { get; set; } = false;

    /// <summary>L2 penalty, added to the gradient.</summary>
    public double? WeightDecay { get; set; } = 0;

    internal SgdOptions Copy() => (SgdOptions)MemberwiseClone();

    internal void Validate()
    {
        if (!(LearningRate >= 0)) throw new ArgumentException($"learning rate must be >= 0, got {LearningRate}");
        if (!(Momentum is >= 0 and < 1)) throw new ArgumentException($"momentum must be in [0, 1), got {Momentum}");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"weight decay must be >= 0, got {WeightDecay}");
        if (Nesterov == true && !(Momentum > 0)) throw new ArgumentException("Nesterov momentum needs momentum > 0");
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        base.SaveStateDict(writer);
        writer.Write(Momentum!.Value);
        writer.Write(Nesterov!.Value);
        writer.Write(WeightDecay!.Value);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        base.LoadStateDict(reader);
        Momentum = reader.ReadDouble();
        Nesterov = reader.ReadBoolean();
        WeightDecay = reader.ReadDouble();
    }

    /// <inheritdoc />
    public override void LoadStateDict(TorchOptions source)
    {
        base.LoadStateDict(source);
        if (source is SgdOptions o) (Momentum, Nesterov, WeightDecay) = (o.Momentum, o.Nesterov, o.WeightDecay);
    }
}
