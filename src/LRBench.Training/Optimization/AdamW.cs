using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, w *= 1 - lr wd before the Adam step, and no
/// penalty in the gradient.
/// </summary>
public sealed class AdamW(IEnumerable<Parameter> parameters, MomentOptions options) : Adam(parameters, options, defaultWeightDecay: 0.01)
{
    /// <inheritdoc />
    protected override Tensor Gradient(Parameter p, Tensor grad, MomentOptions o) => grad;

    /// <inheritdoc />
    protected override void Update(Parameter p, Tensor grad, MomentState state, MomentOptions o, double lr)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(o);
        if (o.WeightDecay!.Value != 0) p.Scale_(1 - (lr * o.WeightDecay.Value));
        base.Update(p, grad, state, o, lr);
    }
}
