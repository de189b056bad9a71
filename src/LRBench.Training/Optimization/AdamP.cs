using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// AdamP (Heo et al. 2021): Adam whose update on scale-invariant weights (those normalised downstream, detected by a
/// near-zero cosine between weight and gradient) has its radial component removed, so the update no longer inflates
/// the weight norm and the effective step size stays where the LR puts it. For a tensor of rank >= 2 the test runs
/// per output channel (rows of view(size(0), -1)) and, failing that, over the whole tensor (view(1, -1)); the first
/// that passes projects the Adam step p onto the tangent space, p -= w_n (w_n . p) with w_n the unit-norm rows, and
/// scales weight decay by <see cref="AdamPOptions.WeightDecayRatio"/>. Weight decay is decoupled:
/// w *= 1 - lr wd ratio, then w -= lr / (1 - beta1^t) p, with p = m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
/// </summary>
public sealed class AdamP(IEnumerable<Parameter> parameters, AdamPOptions options) : AdaptiveMomentOptimizer(parameters, options)
{
    private readonly AdamPOptions _options = options;

    /// <inheritdoc />
    protected override void Update(Parameter p, Tensor grad, MomentState state, MomentOptions o, double lr)
    {
        double b1 = o.Beta1!.Value, eps = o.Epsilon!.Value;
        double bc1 = 1 - Math.Pow(b1, state.Step);
        double bc2 = 1 - Math.Pow(o.Beta2!.Value, state.Step);
        var denom = state.ExpAvgSq.sqrt().DividedBy(Math.Sqrt(bc2)).Plus(eps);
        var perturb = _options.Nesterov
            ? state.ExpAvg.Times(b1).PlusScaled(grad, 1 - b1) / denom
            : state.ExpAvg / denom;

        double wdRatio = 1;
        if (p.dim() > 1)
        {
            foreach (long rows in new[] { p.shape[0], 1L })
            {
                var w = p.detach().reshape(rows, -1);
                var g = grad.reshape(rows, -1);
                long dim = w.shape[1];
                var cosine = (w * g).sum(1).abs() / (w.norm(1) * g.norm(1)).AtLeast(eps);
                if (cosine.max().ToNumber() >= _options.Delta / Math.Sqrt(dim)) continue;
                var unit = w / w.norm(1, keepdim: true).Plus(eps);
                var flat = perturb.reshape(rows, -1);
                perturb = (flat - (unit * (unit * flat).sum(1, keepdim: true))).reshape(p.shape);
                wdRatio = _options.WeightDecayRatio;
                break;
            }
        }

        if (o.WeightDecay!.Value > 0) p.Scale_(1 - (lr * o.WeightDecay.Value * wdRatio));
        p.AddScaled_(perturb, -lr / bc1);
    }
}
