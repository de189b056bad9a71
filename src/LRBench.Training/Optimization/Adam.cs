using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// Adam (Kingma and Ba 2015) with PyTorch's semantics, weight decay as an L2 penalty on the gradient:
/// g += wd w; m and v as in <see cref="AdaptiveMomentOptimizer"/>; w -= lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
/// Written here for the reason given on <see cref="Sgd"/>; tests check it against TorchSharp's. Settings left null
/// take PyTorch's defaults (eps 1e-8, no weight decay).
/// </summary>
public class Adam : AdaptiveMomentOptimizer
{
    /// <summary>Adam over <paramref name="parameters"/> with <paramref name="options"/> (null settings: PyTorch's defaults).</summary>
    public Adam(IEnumerable<Parameter> parameters, MomentOptions options)
        : base(parameters, options)
    {
    }

    /// <summary>For a variant whose default weight decay differs from Adam's (AdamW's is 0.01).</summary>
    protected Adam(IEnumerable<Parameter> parameters, MomentOptions options, double defaultWeightDecay)
        : base(parameters, options, weightDecay: defaultWeightDecay)
    {
    }

    /// <inheritdoc />
    protected override Tensor Gradient(Parameter p, Tensor grad, MomentOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return WithL2Penalty(grad, p, o.WeightDecay!.Value);
    }

    /// <inheritdoc />
    protected override void Update(Parameter p, Tensor grad, MomentState state, MomentOptions o, double lr)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(o);
        double bc1 = 1 - Math.Pow(o.Beta1!.Value, state.Step);
        double bc2 = 1 - Math.Pow(o.Beta2!.Value, state.Step);
        var denom = state.ExpAvgSq.sqrt().DividedBy(Math.Sqrt(bc2)).Plus(o.Epsilon!.Value);
        p.AddQuotient_(state.ExpAvg, denom, -lr / bc1);
    }
}
