using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>Schedule-Free SGD (the authors' <c>SGDScheduleFree</c>): z takes plain gradient steps; see <see cref="ScheduleFreeOptimizer"/>.</summary>
public sealed class ScheduleFreeSgd(IEnumerable<Parameter> parameters, ScheduleFreeOptions options) : ScheduleFreeOptimizer(parameters, options, adaptive: false)
{
    /// <inheritdoc />
    protected override Tensor Direction(Parameter p, Tensor grad, ScheduleFreeState state, ScheduleFreeOptions o, long k) => grad;
}
