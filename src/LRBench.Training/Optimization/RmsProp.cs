using LRBench.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
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

/// <summary>A param group whose momentum a policy can cycle.</summary>
public sealed class RmsPropParamGroup : ParamGroup<RmsPropOptions>, torch.optim.IMomentum
{
    /// <summary>An empty group.</summary>
    public RmsPropParamGroup()
    {
    }

    /// <summary>A group of <paramref name="parameters"/> with its own options.</summary>
    public RmsPropParamGroup(IEnumerable<Parameter> parameters, RmsPropOptions options)
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
/// RMSprop with PyTorch's semantics (not centered): g += wd w; s = alpha s + (1 - alpha) g^2; a = sqrt(s) + eps;
/// with momentum mu, b = mu b + g / a and w -= lr b, else w -= lr g / a. Written here for the reason given on
/// <see cref="Sgd"/>; tests check it against TorchSharp's.
/// </summary>
public sealed class RmsProp : ManagedOptimizer<RmsPropOptions>
{
    /// <summary>An optimizer over <paramref name="parameters"/>; the options are checked here.</summary>
    public RmsProp(IEnumerable<Parameter> parameters, RmsPropOptions options) : base(options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        options.Validate();
        add_param_group(new RmsPropParamGroup(parameters, options.Copy()));
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<RmsPropParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value, alpha = o.Alpha!.Value, momentum = o.Momentum!.Value, decay = o.WeightDecay!.Value;
        foreach (var p in group.Parameters)
        {
            var grad = p.grad;
            if (grad is null) continue;
            using var scope = NewDisposeScope();
            var state = (RmsPropState)_state[p.Handle];
            state.Step++;
            var g = WithL2Penalty(grad, p, decay);
            state.SquareAverage.Scale_(alpha).AddProduct_(g, g, 1 - alpha);
            var average = state.SquareAverage.sqrt().Plus(o.Epsilon!.Value);
            if (momentum > 0)
            {
                state.Buffer.Scale_(momentum).AddQuotient_(g, average, 1);
                p.AddScaled_(state.Buffer, -lr);
            }
            else
            {
                p.AddQuotient_(g, average, -lr);
            }
        }
    }, closure);

    /// <inheritdoc />
    protected override RmsPropOptions Copy(RmsPropOptions defaults) => defaults.Copy();

    /// <inheritdoc />
    protected override void Complete(RmsPropOptions group, RmsPropOptions defaults)
    {
        group.Alpha ??= defaults.Alpha;
        group.Epsilon ??= defaults.Epsilon;
        group.Momentum ??= defaults.Momentum;
        group.WeightDecay ??= defaults.WeightDecay;
    }

    /// <inheritdoc />
    protected override OptimizerState NewState(Parameter parameter) => new RmsPropState(parameter);
}

/// <summary>RMSprop's per-parameter state: step count, squared-gradient average and momentum buffer.</summary>
public sealed class RmsPropState(Parameter parameter) : SlotState(parameter, 2)
{
    /// <summary>The running average of squared gradients.</summary>
    public Tensor SquareAverage => Slot(0);

    /// <summary>Kept even while momentum is 0, so a policy that cycles momentum can turn it on at any step.</summary>
    public Tensor Buffer => Slot(1);
}
