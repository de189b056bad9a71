using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>RMSprop's per-parameter state: step count, squared-gradient average and momentum buffer.</summary>
public sealed class RmsPropState(Parameter parameter) : SlotState(parameter, 2)
{
    /// <summary>The running average of squared gradients.</summary>
    public Tensor SquareAverage => Slot(0);

    /// <summary>Kept even while momentum is 0, so a policy that cycles momentum can turn it on at any step.</summary>
    public Tensor Buffer => Slot(1);
}
