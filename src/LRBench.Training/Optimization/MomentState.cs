using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>Per-parameter state: the step count and the two moment estimates.</summary>
public sealed class MomentState(Parameter parameter) : SlotState(parameter, 2)
{
    public Tensor ExpAvg => Slot(0);

    public Tensor ExpAvgSq => Slot(1);
}
