using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>
/// Per-parameter state of a schedule-free optimizer: the SGD sequence z, a copy of the parameter taken at its first
/// step (as the authors' code does, so weights loaded after the optimizer was made are the start), AdamW's second
/// moment, and in eval mode the training point y the parameter will return to. All are saved with the state.
/// </summary>
public sealed class ScheduleFreeState(Parameter parameter, bool adaptive) : OptimizerState(parameter), IDisposable
{
    /// <summary>The SGD sequence z; null before the first step.</summary>
    public Tensor? Z { get; private set; }

    /// <summary>AdamW's second-moment average; null before the first step and for SGD.</summary>
    public Tensor? ExpAvgSq { get; private set; }

    /// <summary>The training point y, kept while the parameter holds x (eval mode) so that train() restores it exactly.</summary>
    public Tensor? TrainingPoint { get; internal set; }

    /// <summary>Makes z (and the second moment) from the parameter's current value, once.</summary>
    internal void Start()
    {
        if (Z is not null) return;
        Z = _parameter.detach().clone().DetachFromDisposeScope();
        if (adaptive) ExpAvgSq = zeros_like(_parameter).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override void Initialize(TorchOptions options)
    {
        Dispose();
        Z = null;
        ExpAvgSq = null;
        TrainingPoint = null;
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Z is not null);
        Z?.Save(writer);
        ExpAvgSq?.Save(writer);
        writer.Write(TrainingPoint is not null);
        TrainingPoint?.Save(writer);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Initialize(null!);
        if (!reader.ReadBoolean()) return;
        Z = zeros_like(_parameter).DetachFromDisposeScope();
        Z.Load(reader);
        if (adaptive)
        {
            ExpAvgSq = zeros_like(_parameter).DetachFromDisposeScope();
            ExpAvgSq.Load(reader);
        }

        if (!reader.ReadBoolean()) return;
        TrainingPoint = zeros_like(_parameter).DetachFromDisposeScope();
        TrainingPoint.Load(reader);
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not ScheduleFreeState s) throw new ArgumentException("not a schedule-free state", nameof(source));
        Dispose();
        (Z, ExpAvgSq, TrainingPoint) = (s.Z, s.ExpAvgSq, s.TrainingPoint);
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is ScheduleFreeState s && Same(s.Z, Z) && Same(s.ExpAvgSq, ExpAvgSq);

    private static bool Same(Tensor? a, Tensor? b) => a is null ? b is null : b is not null && a.allclose(b);

    /// <inheritdoc />
    public override void to(Device device)
    {
        Z = Z?.to(device).DetachFromDisposeScope();
        ExpAvgSq = ExpAvgSq?.to(device).DetachFromDisposeScope();
        TrainingPoint = TrainingPoint?.to(device).DetachFromDisposeScope();
    }

    /// <summary>Frees the tensors' native memory.</summary>
    public void Dispose()
    {
        Z?.Dispose();
        ExpAvgSq?.Dispose();
        TrainingPoint?.Dispose();
    }
}
