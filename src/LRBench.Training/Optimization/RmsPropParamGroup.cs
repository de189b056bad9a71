using TorchSharp;
using TorchSharp.Modules;

namespace LRBench.Training.Optimization;

/// <summary>A param group whose momentum a policy can cycle.</summary>
public sealed class RmsPropParamGroup : ParamGroup<RmsPropOptions>, torch.optim.IMomentum
{
    /// <summary>An empty group.</summary>
    public RmsPropParamGroup()
    {
    }

    /// <summary>A group of <paramref name="parameters"/> with its own options.</summary>
    public RmsPropParamGroup(IEnumerable<Parameter> parameters, RmsPropOptions options)
        : base(parameters, options)
    {
    }

    /// <summary>The group's momentum, which a policy may cycle.</summary>
    public double Momentum
    {
        get => Options.Momentum!.Value;
        set => Options.Momentum = value;
    }
}
