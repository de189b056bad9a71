using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// A data set the trainer draws batches from by index (PyTorch's map-style <c>Dataset</c>, with the sampler owned by
/// the trainer): the trainer decides the order from its seed, so an interrupted run resumes on exactly the batches an
/// uninterrupted one would see. Implementations must return the same sample for the same index every time.
/// </summary>
public interface IBatchSource
{
    /// <summary>How many samples there are; an epoch is ceil(Count / batch size) steps.</summary>
    int Count { get; }

    /// <summary>
    /// The samples at <paramref name="indices"/> (a 1-D int64 tensor on the CPU), in that order, as an input and a
    /// target tensor whose first dimension is the batch, on <paramref name="device"/>. Called inside the trainer's
    /// dispose scope: tensors made here are freed after the step.
    /// </summary>
    TensorBatch Get(Tensor indices, Device device);
}
