using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>One batch: the model's input and the target its output is scored against (class indices for classification).</summary>
public sealed record TensorBatch(Tensor Input, Tensor Target);
