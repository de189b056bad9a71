using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// Schedule-Free AdamW (the authors' <c>AdamWScheduleFree</c>): z takes steps of the gradient over
/// sqrt(v / (1 - beta2^(k+1))) + eps, v the second-moment average; there is no first moment (the interpolation plays
/// its part). See <see cref="ScheduleFreeOptimizer"/>.
/// </summary>
public sealed class ScheduleFreeAdamW(IEnumerable<Parameter> parameters, ScheduleFreeOptions options) : ScheduleFreeOptimizer(parameters, options, adaptive: true)
{
    /// <inheritdoc />
    protected override Tensor Direction(Parameter p, Tensor grad, ScheduleFreeState state, ScheduleFreeOptions o, long k)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(o);
        double beta2 = o.Beta2!.Value;
        var v = state.ExpAvgSq!;
        v.Scale_(beta2).AddProduct_(grad, grad, 1 - beta2);
        double correction = 1 - Math.Pow(beta2, k + 1);
        var denominator = v.DividedBy(correction).sqrt_().Plus(o.Epsilon!.Value);
        return grad.div(denominator);
    }
}
