using LRBench.Training.Models;
using LRBench.Training.Optimization;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>The trainer, continued: evaluating a schedule-free run at its average x.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// Runs <paramref name="evaluate"/> with the parameters at a schedule-free optimizer's average x, as its authors
    /// require (the training point y is not what the run has learned), and puts y back after; other optimizers' runs
    /// are evaluated where they are. A model with batch norm (<see cref="SafeBatchNorm2d"/>) has running statistics
    /// measured at y; as the authors' README prescribes, they are recomputed at x first, from the first
    /// <see cref="BatchNormRecomputeBatches"/> training batches in index order, and the statistics of y are put back after.
    /// </summary>
    private T AtAverage<T>(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, Device device, Func<T> evaluate)
    {
        if (optimizer is not ScheduleFreeOptimizer scheduleFree || !scheduleFree.IsTraining) return evaluate();
        var norms = model.modules().OfType<SafeBatchNorm2d>().ToList();
        var saved = norms.Select(n => n.CopyStatistics()).ToList();
        scheduleFree.eval();
        try
        {
            if (norms.Count > 0) RecomputeBatchNorm(model, norms, device);
            return evaluate();
        }
        finally
        {
            for (int i = 0; i < norms.Count; i++)
            {
                norms[i].RestoreStatistics(saved[i]);
                saved[i].Mean.Dispose();
                saved[i].Variance.Dispose();
            }

            scheduleFree.train();
        }
    }

    /// <summary>How many training batches measure batch-norm statistics at a schedule-free optimizer's x (the authors' example uses 50).</summary>
    public const int BatchNormRecomputeBatches = 50;

    /// <summary>Sets every batch norm's running statistics to their average over the first training batches (index order, no randomness), in training mode.</summary>
    private void RecomputeBatchNorm(nn.Module<Tensor, Tensor> model, List<SafeBatchNorm2d> norms, Device device)
    {
        bool wasTraining = model.training;
        foreach (var n in norms) n.StartRecompute();
        model.train();
        try
        {
            using var noGrad = no_grad();
            int batch = _options.BatchSize;
            int batches = (int)Math.Min(BatchNormRecomputeBatches, (_task.Train.Count + (long)batch - 1) / batch);
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                int start = b * batch, size = Math.Min(batch, _task.Train.Count - start);
                var indices = tensor(Enumerable.Range(start, size).Select(i => (long)i).ToArray());
                model.forward(_task.Train.Get(indices, device).Input);
            }
        }
        finally
        {
            if (!wasTraining) model.eval();
        }
    }
}
