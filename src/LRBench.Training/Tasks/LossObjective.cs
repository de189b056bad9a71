using System.Runtime.InteropServices;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// Any task trained by a loss (regression, sequence models, ...): policies are ranked by the validation loss, or by
/// the task's own <see cref="TaskMetric"/> when it has one. The LRBench classification metrics (top-1, AC, CD, CDAC)
/// do not exist here and are reported as missing.
/// </summary>
public sealed class LossObjective : TaskObjective
{
    private readonly Func<Tensor, Tensor, Tensor> _loss;

    /// <param name="loss">The loss of one batch from the model's output and the target: a scalar, the mean over the batch (e.g. <c>nn.functional.mse_loss</c>).</param>
    /// <param name="metric">Optionally, the task's own metric and its direction.</param>
    public LossObjective(Func<Tensor, Tensor, Tensor> loss, TaskMetric? metric = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _loss = loss;
        Metric = metric;
    }

    /// <summary>The task's own metric, if any.</summary>
    public TaskMetric? Metric { get; }

    /// <inheritdoc/>
    public override bool IsClassification => false;

    internal override Tensor TrainingLoss(nn.Module<Tensor, Tensor> model, TensorBatch batch, long step, TrainingOptions options) =>
        _loss(model.forward(batch.Input), batch.Target);

    internal override TaskEvaluation Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource source, int batchSize, Device device)
    {
        bool wasTraining = model.training;
        model.eval();
        double lossSum = 0, metricSum = 0;
        try
        {
            using var noGrad = no_grad();
            foreach (var (start, size) in InOrder(source.Count, batchSize))
            {
                using var scope = NewDisposeScope();
                var batch = source.Get(Range(start, size), device);
                var output = model.forward(batch.Input);
                lossSum += _loss(output, batch.Target).to_type(ScalarType.Float64).item<double>() * size;
                if (Metric is not null) metricSum += Metric.Compute(output, batch.Target) * size;
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }

        double? metric = Metric is null ? null : metricSum / source.Count;
        return new TaskEvaluation(ClassificationMetrics.LossOnly(source.Count, lossSum / source.Count), metric, null, null);
    }

    internal override void CheckBatch(string task, string source, TensorBatch batch, Tensor output)
    {
        long n = batch.Input.shape[0];
        if (output.dim() == 0 || output.shape[0] != n)
            throw new TaskException(task, $"the model returned {ShapeOf(output)} for a {source} batch of {n}; its first dimension must be the batch");
        if (batch.Input.is_floating_point() && !batch.Input.isfinite().all().item<bool>())
            throw new TaskException(task, $"a {source} batch's inputs hold NaN or infinite values");
        if (batch.Target.is_floating_point() && !batch.Target.isfinite().all().item<bool>())
            throw new TaskException(task, $"a {source} batch's targets hold NaN or infinite values");
        Tensor loss;
        try
        {
            loss = _loss(output, batch.Target);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ExternalException)
        {
            throw new TaskException(task, $"the loss fails on the model's output {ShapeOf(output)} and the target {ShapeOf(batch.Target)}: {FirstLine(e.Message)}");
        }

        if (loss.numel() != 1)
            throw new TaskException(task, $"the loss returned {ShapeOf(loss)}; it must be a scalar (the batch's mean)");
    }

    internal override void CheckSource(string task, string name, TensorBatchSource source)
    {
        base.CheckSource(task, name, source);
        using var scope = NewDisposeScope();
        if (source.Targets.is_floating_point() && !source.Targets.isfinite().all().item<bool>())
            throw new TaskException(task, $"the {name} targets hold NaN or infinite values");
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
