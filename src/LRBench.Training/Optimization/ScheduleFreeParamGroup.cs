using TorchSharp.Modules;

namespace LRBench.Training.Optimization;

/// <summary>
/// A param group of a schedule-free optimizer. It has no momentum or betas a policy could cycle: y's place between x and
/// z depends on the momentum, so changing it between steps would move the average.
/// </summary>
public sealed class ScheduleFreeParamGroup : ParamGroup<ScheduleFreeOptions>
{
    public ScheduleFreeParamGroup()
    {
    }

    public ScheduleFreeParamGroup(IEnumerable<Parameter> parameters, ScheduleFreeOptions options)
        : base(parameters, options)
    {
    }
}
