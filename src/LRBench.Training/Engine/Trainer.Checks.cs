using LRBench.Schedules;
using LRBench.Training.Driving;
using LRBench.Training.Tasks;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>The trainer, continued: checking a task on its first batch before anything trains.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// Runs the new model on the first batch of each source, before anything is trained or written, and checks what
    /// an in-memory source holds in full: a task with the wrong output shape, labels out of range or NaN inputs is
    /// named with its problem instead of failing somewhere inside libtorch.
    /// </summary>
    private void CheckTask(nn.Module<Tensor, Tensor> model, Device device)
    {
        var objective = _task.Objective;
        foreach (var (source, name) in new[] { (_task.Train, "training"), (_task.Evaluation, _task.EvaluationName) })
        {
            if (source is TensorBatchSource tensors) objective.CheckSource(_task.Name, name, tensors);
            else if (source is LazyImageSource images) objective.CheckSource(_task.Name, name, images.Tensors);

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            bool wasTraining = model.training;
            model.eval();
            try
            {
                var batch = source.Get(TaskObjective.Range(0, Math.Min(2, source.Count)), device)
                    ?? throw new TaskException(_task.Name, $"its {name} source returned no batch");
                Tensor output;
                try
                {
                    output = model.forward(batch.Input);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
                {
                    throw new TaskException(_task.Name, $"the model fails on a {name} batch of shape {TaskObjective.ShapeOf(batch.Input)}: {e.Message.Split('\n')[0].Trim()}");
                }

                objective.CheckBatch(_task.Name, name, batch, output);
            }
            finally
            {
                if (wasTraining) model.train();
            }
        }
    }

    /// <summary>Frees the tensors of a task this trainer made (the images, copied into tensors for the run).</summary>
    private static void ReleaseTensors(TrainingTask task)
    {
        (task.Train as IDisposable)?.Dispose();
        (task.Evaluation as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Hands a metric-driven policy (ReduceLROnPlateau) the validation metric it watches, after each evaluation
    /// during training and before the checkpoint that follows, so a resumed run has seen the same readings.
    /// </summary>
    private static void FeedMetric(PolicyDriver driver, TaskEvaluation evaluation, ITrainingObserver observer)
    {
        double? value = driver.Metric switch
        {
            MetricSource.ValidationLoss => evaluation.Metrics.Loss,
            MetricSource.ValidationAccuracy => evaluation.Metrics.Top1,
            _ => null,
        };
        if (value is not double v) return;
        int before = driver.Events.Count;
        driver.Observe(v);
        for (int e = before; e < driver.Events.Count; e++) observer.OnPolicyEvent(driver.Events[e]);
    }
}
