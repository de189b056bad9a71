using LRBench.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
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

/// <summary>A param group whose momentum a policy can cycle.</summary>
public sealed class SgdParamGroup : ParamGroup<SgdOptions>, torch.optim.IMomentum
{
    /// <summary>An empty group.</summary>
    public SgdParamGroup()
    {
    }

    /// <summary>A group of <paramref name="parameters"/> with its own options.</summary>
    public SgdParamGroup(IEnumerable<Parameter> parameters, SgdOptions options)
        : base(parameters, options)
    {
    }

    /// <summary>The group's momentum, which a policy may cycle.</summary>
    public double Momentum
    {
        get => Options.Momentum!.Value;
        set => Options.Momentum = value;
    }
}

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics (no dampening): d = g + wd w; with momentum mu the buffer is
/// b = d on the first step and b = mu b + d after; the step is w -= lr (d + mu b) with Nesterov, w -= lr b without.
/// Written here instead of using TorchSharp's so that no number becomes a finalizer-freed Scalar mid-step
/// (<see cref="ScalarMath"/>); tests check it against TorchSharp's on the same inputs.
/// </summary>
public sealed class Sgd : ManagedOptimizer<SgdOptions>
{
    /// <summary>An optimizer over <paramref name="parameters"/>; the options are checked here.</summary>
    public Sgd(IEnumerable<Parameter> parameters, SgdOptions options) : base(options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        options.Validate();
        add_param_group(new SgdParamGroup(parameters, options.Copy()));
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<SgdParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value, momentum = o.Momentum!.Value, decay = o.WeightDecay!.Value;
        foreach (var p in group.Parameters)
        {
            var grad = p.grad;
            if (grad is null) continue;
            using var scope = NewDisposeScope();
            var d = WithL2Penalty(grad, p, decay);
            if (momentum != 0)
            {
                var state = (BufferState)_state[p.Handle];
                var buffer = state.Buffer;
                if (buffer is null) state.Buffer = buffer = d.detach().clone().DetachFromDisposeScope();
                else buffer.Scale_(momentum).AddScaled_(d, 1);
                d = o.Nesterov == true ? d.PlusScaled(buffer, momentum) : buffer;
            }

            p.AddScaled_(d, -lr);
        }
    }, closure);

    /// <inheritdoc />
    protected override SgdOptions Copy(SgdOptions defaults) => defaults.Copy();

    /// <inheritdoc />
    protected override void Complete(SgdOptions group, SgdOptions defaults)
    {
        group.Momentum ??= defaults.Momentum;
        group.Nesterov ??= defaults.Nesterov;
        group.WeightDecay ??= defaults.WeightDecay;
    }

    /// <inheritdoc />
    protected override OptimizerState NewState(Parameter parameter) => new BufferState(parameter);
}

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
