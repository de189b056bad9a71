using TorchSharp;
using TorchSharp.Modules;

namespace LRBench.Training.Optimization;

/// <summary>A param group whose beta1 a policy can cycle.</summary>
public sealed class MomentParamGroup : ParamGroup<MomentOptions>, torch.optim.IBetas
{
    public MomentParamGroup()
    {
    }

    public MomentParamGroup(IEnumerable<Parameter> parameters, MomentOptions options)
        : base(parameters, options)
    {
    }

    public (double, double) Betas
    {
        get => (Options.Beta1!.Value, Options.Beta2!.Value);
        set => (Options.Beta1, Options.Beta2) = value;
    }
}
