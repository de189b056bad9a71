using LRBench.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// The common part of Adam, AdamW, LAMB and AdamP: Adam's two moment estimates per parameter, param groups whose LR and beta1 a
/// <see cref="Driving.PolicyDriver"/> can set (<see cref="torch.optim.IBetas"/>), and state that survives a checkpoint.
/// Subclasses say how the moments become an update in <see cref="Update"/>.
/// </summary>
public abstract class AdaptiveMomentOptimizer : ManagedOptimizer<MomentOptions>, torch.optim.IBetas
{
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="defaults">The user's settings; those left null take the optimizer's own defaults.</param>
    /// <param name="epsilon">This optimizer's default epsilon (its reference library's).</param>
    /// <param name="weightDecay">This optimizer's default weight decay (its reference library's).</param>
    protected AdaptiveMomentOptimizer(IEnumerable<Parameter> parameters, MomentOptions defaults, double epsilon = 1e-8, double weightDecay = 0)
        : base(WithOwnDefaults(defaults, epsilon, weightDecay))
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Defaults.Validate();
        add_param_group(new MomentParamGroup(parameters, Defaults.Copy()));
    }

    /// <summary>A copy of the user's settings (never changed in place) with this optimizer's defaults where they are null.</summary>
    private static MomentOptions WithOwnDefaults(MomentOptions options, double epsilon, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Copy();
        copy.Epsilon ??= epsilon;
        copy.WeightDecay ??= weightDecay;
        return copy;
    }

    public (double, double) Betas
    {
        get => (Defaults.Beta1!.Value, Defaults.Beta2!.Value);
        set => (Defaults.Beta1, Defaults.Beta2) = value;
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<MomentParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value;
        foreach (var p in group.Parameters)
        {
            var grad = p.grad;
            if (grad is null) continue;
            var state = (MomentState)_state[p.Handle];
            using var scope = NewDisposeScope();
            state.Step++;
            double b1 = o.Beta1!.Value, b2 = o.Beta2!.Value;
            var g = Gradient(p, grad, o);
            state.ExpAvg.Scale_(b1).AddScaled_(g, 1 - b1);
            state.ExpAvgSq.Scale_(b2).AddProduct_(g, g, 1 - b2);
            Update(p, g, state, o, lr);
        }
    }, closure);

    /// <summary>The gradient the moments are made of: the raw one, or with an L2 penalty added (Adam's weight decay).</summary>
    protected virtual Tensor Gradient(Parameter p, Tensor grad, MomentOptions o) => grad;

    /// <summary>Applies one update to <paramref name="p"/> in place; the moments already include this step's gradient.</summary>
    protected abstract void Update(Parameter p, Tensor grad, MomentState state, MomentOptions o, double lr);

    /// <inheritdoc />
    protected override MomentOptions Copy(MomentOptions defaults) => defaults.Copy();

    /// <inheritdoc />
    protected override void Complete(MomentOptions group, MomentOptions defaults)
    {
        group.Beta1 ??= defaults.Beta1;
        group.Beta2 ??= defaults.Beta2;
        group.Epsilon ??= defaults.Epsilon;
        group.WeightDecay ??= defaults.WeightDecay;
    }

    /// <inheritdoc />
    protected override OptimizerState NewState(Parameter parameter) => new MomentState(parameter);
}
