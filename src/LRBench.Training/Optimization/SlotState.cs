using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>
/// Per-parameter state made of a step count and tensors shaped like the parameter, zero at the start (Adam's two
/// moments, RMSprop's squared average and momentum buffer), saved and loaded in order.
/// </summary>
public class SlotState : OptimizerState, IDisposable
{
    private readonly Tensor[] _slots;

    protected SlotState(Parameter parameter, int slots) : base(parameter)
    {
        _slots = new Tensor[slots];
    }

    public long Step { get; set; }

    protected Tensor Slot(int i) => _slots[i];

    /// <inheritdoc />
    public override void Initialize(TorchOptions options)
    {
        Step = 0;
        for (int i = 0; i < _slots.Length; i++) _slots[i] = zeros_like(_parameter).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Step);
        foreach (var t in _slots) t.Save(writer);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Step = reader.ReadInt64();
        foreach (var t in _slots) t.Load(reader);
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not SlotState s || s.GetType() != GetType()) throw new ArgumentException($"not a {GetType().Name}", nameof(source));
        Step = s.Step;
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].Dispose();
            _slots[i] = s._slots[i];
        }
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is SlotState s && s.GetType() == GetType() && s.Step == Step && _slots.Zip(s._slots).All(p => p.First.allclose(p.Second));

    /// <inheritdoc />
    public override void to(Device device)
    {
        for (int i = 0; i < _slots.Length; i++) _slots[i] = _slots[i].to(device).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in _slots) t?.Dispose();
        GC.SuppressFinalize(this);
    }
}
