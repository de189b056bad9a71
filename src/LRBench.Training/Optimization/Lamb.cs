using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// LAMB (You et al. 2020, Algorithm 2), layer-wise adaptive moments: per parameter tensor, the Adam direction
/// r = m_hat / (sqrt(v_hat) + eps) plus decoupled weight decay, u = r + wd x, is rescaled by the trust ratio
/// ||x|| / ||u|| (1 when either norm is 0), and x -= lr (||x|| / ||u||) u. Bias correction on; the scaling function
/// phi is the identity (no clipping of ||x||), as in the paper's experiments.
/// </summary>
public sealed class Lamb(IEnumerable<Parameter> parameters, MomentOptions options) : AdaptiveMomentOptimizer(parameters, options, epsilon: 1e-6)
{
    /// <inheritdoc />
    protected override void Update(Parameter p, Tensor grad, MomentState state, MomentOptions o, double lr)
    {
        double bc1 = 1 - Math.Pow(o.Beta1!.Value, state.Step);
        double bc2 = 1 - Math.Pow(o.Beta2!.Value, state.Step);
        var update = state.ExpAvg.DividedBy(bc1) / state.ExpAvgSq.DividedBy(bc2).sqrt().Plus(o.Epsilon!.Value);
        if (o.WeightDecay!.Value != 0) update = update.PlusScaled(p, o.WeightDecay.Value);
        double weightNorm = p.norm().ToNumber();
        double updateNorm = update.norm().ToNumber();
        double trust = weightNorm > 0 && updateNorm > 0 ? weightNorm / updateNorm : 1.0;
        p.AddScaled_(update, -lr * trust);
    }
}
