using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

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
