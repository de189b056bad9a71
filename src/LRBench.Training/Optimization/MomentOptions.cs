using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>The settings Adam, AdamW, LAMB and AdamP share.</summary>
public class MomentOptions : TorchOptions
{
    public double? Beta1 { get; set; } = 0.9;

    public double? Beta2 { get; set; } = 0.999;

    /// <summary>
    /// The term added to the denominator; null (the default): the optimizer's own default, as in the library it comes
    /// from: 1e-8 for Adam, AdamW (PyTorch) and AdamP (its authors' code), 1e-6 for LAMB (timm).
    /// </summary>
    public double? Epsilon { get; set; }

    /// <summary>Weight decay; null (the default): the optimizer's own default, 0.01 for AdamW (PyTorch) and 0 for the others.</summary>
    public double? WeightDecay { get; set; }

    internal virtual MomentOptions Copy() => (MomentOptions)MemberwiseClone();

    internal virtual void Validate()
    {
        if (!(LearningRate >= 0)) throw new ArgumentException($"learning rate must be >= 0, got {LearningRate}");
        if (!(Beta1 is >= 0 and < 1)) throw new ArgumentException($"beta1 must be in [0, 1), got {Beta1}");
        if (!(Beta2 is >= 0 and < 1)) throw new ArgumentException($"beta2 must be in [0, 1), got {Beta2}");
        if (!(Epsilon > 0)) throw new ArgumentException($"epsilon must be > 0, got {Epsilon}");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"weight decay must be >= 0, got {WeightDecay}");
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        base.SaveStateDict(writer);
        writer.Write(Beta1!.Value);
        writer.Write(Beta2!.Value);
        writer.Write(Epsilon!.Value);
        writer.Write(WeightDecay!.Value);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        base.LoadStateDict(reader);
        Beta1 = reader.ReadDouble();
        Beta2 = reader.ReadDouble();
        Epsilon = reader.ReadDouble();
        WeightDecay = reader.ReadDouble();
    }

    /// <inheritdoc />
    public override void LoadStateDict(TorchOptions source)
    {
        base.LoadStateDict(source);
        if (source is not MomentOptions o) return;
        (Beta1, Beta2, Epsilon, WeightDecay) = (o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay);
    }
}
