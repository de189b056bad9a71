using LRBench.Training.Settings;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// What a task's model is trained to do and how it is measured: <see cref="ClassificationObjective"/> (logits and
/// class indices, every LRBench metric) or <see cref="LossObjective"/> (any loss; ranked by validation loss or the
/// task's own metric).
/// </summary>
public abstract class TaskObjective
{
    private protected TaskObjective()
    {
    }

    /// <summary>True for classification: top-1, top-5, AC, CD and CDAC exist, and label smoothing, mixup and snapshot ensembles apply.</summary>
    public abstract bool IsClassification { get; }

    /// <summary>The training objective of one batch (a scalar the optimizer minimises).</summary>
    internal abstract Tensor TrainingLoss(nn.Module<Tensor, Tensor> model, TensorBatch batch, long step, TrainingOptions options);

    /// <summary>One pass over <paramref name="source"/> in eval mode without gradients.</summary>
    internal abstract TaskEvaluation Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource source, int batchSize, Device device);

    /// <summary>Checks a batch the model has just been run on; throws a <see cref="TaskException"/> naming the problem.</summary>
    internal abstract void CheckBatch(string task, string source, TensorBatch batch, Tensor output);

    /// <summary>Checks what can be checked over a whole in-memory source (every label, every input value) without the model.</summary>
    internal virtual void CheckSource(string task, string name, TensorBatchSource source)
    {
        using var scope = NewDisposeScope();
        if (source.Inputs.is_floating_point() && !source.Inputs.isfinite().all().item<bool>())
            throw new TaskException(task, $"the {name} inputs hold NaN or infinite values");
    }

    /// <summary>The batches of a pass over a source in order, as (first sample, size): [0, batch), [batch, 2 batch), ...</summary>
    internal static IEnumerable<(long Start, long Size)> InOrder(int count, int batchSize)
    {
        for (long start = 0; start < count; start += batchSize)
            yield return (start, Math.Min(batchSize, count - start));
    }

    /// <summary>The indices of one batch of <see cref="InOrder"/>, for <see cref="IBatchSource.Get"/>.</summary>
    internal static Tensor Range(long start, long size)
    {
        var indices = new long[size];
        for (long i = 0; i < size; i++) indices[i] = start + i;
        return tensor(indices); // not arange: its Scalar bounds are freed only by the finalizer (BannedSymbols.txt)
    }

    /// <summary>A tensor's shape as users write it, e.g. [128, 10].</summary>
    internal static string ShapeOf(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
