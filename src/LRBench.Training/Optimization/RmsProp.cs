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

    public double? Epsilon { get; set; } = 1e-8;

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

    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        base.SaveStateDict(writer);
        writer.Write(Alpha!.Value);
        writer.Write(Epsilon!.Value);
        writer.Write(Momentum!.Value);
        writer.Write(WeightDecay!.Value);
    }

    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        base.LoadStateDict(reader);
        Alpha = reader.ReadDouble();
        Epsilon = reader.ReadDouble();
        Momentum = reader.ReadDouble();
        WeightDecay = reader.ReadDouble();
    }

    public override void LoadStateDict(TorchOptions source)
    {
        base.LoadStateDict(source);
        if (source is RmsPropOptions o) (Alpha, Epsilon, Momentum, WeightDecay) = (o.Alpha, o.Epsilon, o.Momentum, o.WeightDecay);
    }
}

/// <summary>A param group whose momentum a policy can cycle.</summary>
public sealed class RmsPropParamGroup : ParamGroup<RmsPropOptions>, torch.optim.IMomentum
{
    public RmsPropParamGroup()
    {
    }

    public RmsPropParamGroup(IEnumerable<Parameter> parameters, RmsPropOptions options)
        : base(parameters, options)
    {
    }

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
public sealed class RmsProp : OptimizerHelper
{
    public RmsProp(IEnumerable<Parameter> parameters, RmsPropOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _defaults = options;
        _parameter_groups = [];
        add_param_group(new RmsPropParamGroup(parameters, options.Copy()));
    }

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
            var g = decay != 0 ? grad.PlusScaled(p, decay) : grad;
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

    public override void add_param_group(ParamGroup param_group)
    {
        ArgumentNullException.ThrowIfNull(param_group);
        var defaults = (RmsPropOptions)_defaults;
        param_group.Options ??= defaults.Copy();
        var o = (RmsPropOptions)param_group.Options;
        o.LearningRate ??= defaults.LearningRate;
        o.Alpha ??= defaults.Alpha;
        o.Epsilon ??= defaults.Epsilon;
        o.Momentum ??= defaults.Momentum;
        o.WeightDecay ??= defaults.WeightDecay;
        o.InitialLearningRate = o.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        foreach (var p in param_group.Parameters)
        {
            var state = new RmsPropState(p);
            state.Initialize(o);
            _state[p.Handle] = state;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var kv in _state) (kv.Item2 as RmsPropState)?.Dispose();
    }
}

/// <summary>RMSprop's per-parameter state: step count, squared-gradient average and momentum buffer.</summary>
public sealed class RmsPropState(Parameter parameter) : OptimizerState(parameter), IDisposable
{
    public long Step { get; set; }

    public Tensor SquareAverage { get; private set; } = null!;

    /// <summary>Kept even while momentum is 0, so a policy that cycles momentum can turn it on at any step.</summary>
    public Tensor Buffer { get; private set; } = null!;

    public override void Initialize(TorchOptions options)
    {
        Step = 0;
        SquareAverage = zeros_like(_parameter).DetachFromDisposeScope();
        Buffer = zeros_like(_parameter).DetachFromDisposeScope();
    }

    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Step);
        SquareAverage.Save(writer);
        Buffer.Save(writer);
    }

    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Step = reader.ReadInt64();
        SquareAverage.Load(reader);
        Buffer.Load(reader);
    }

    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not RmsPropState s) throw new ArgumentException("not an RMSprop state", nameof(source));
        Step = s.Step;
        SquareAverage.Dispose();
        Buffer.Dispose();
        SquareAverage = s.SquareAverage;
        Buffer = s.Buffer;
    }

    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is RmsPropState s && s.Step == Step && s.SquareAverage.allclose(SquareAverage) && s.Buffer.allclose(Buffer);

    public override void to(Device device)
    {
        SquareAverage = SquareAverage.to(device).DetachFromDisposeScope();
        Buffer = Buffer.to(device).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        SquareAverage?.Dispose();
        Buffer?.Dispose();
    }
}
