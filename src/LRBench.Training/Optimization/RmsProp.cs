using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

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
