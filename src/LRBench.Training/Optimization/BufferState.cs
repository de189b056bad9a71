using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>A momentum buffer that exists from the first step with momentum on (as in PyTorch).</summary>
public sealed class BufferState(Parameter parameter) : OptimizerState(parameter), IDisposable
{
    /// <summary>The momentum buffer; null until the first step with momentum.</summary>
    public Tensor? Buffer { get; set; }

    /// <inheritdoc />
    public override void Initialize(TorchOptions options) => Buffer = null;

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Buffer is not null);
        Buffer?.Save(writer);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Buffer?.Dispose();
        Buffer = null;
        if (!reader.ReadBoolean()) return;
        Buffer = zeros_like(_parameter).DetachFromDisposeScope();
        Buffer.Load(reader);
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not BufferState s) throw new ArgumentException("not an SGD state", nameof(source));
        Buffer?.Dispose();
        Buffer = s.Buffer;
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is BufferState s && (s.Buffer is null ? Buffer is null : Buffer is not null && s.Buffer.allclose(Buffer));

    /// <inheritdoc />
    public override void to(Device device) => Buffer = Buffer?.to(device).DetachFromDisposeScope();

    /// <summary>Frees the buffer's native memory.</summary>
    public void Dispose() => Buffer?.Dispose();
}
