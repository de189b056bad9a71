using LRBench.Schedules;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;
using LRBench.Training.Tensors;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// Classification: the model returns logits (batch, classes), targets are class indices (int64). Trained with
/// cross-entropy (with the run's label smoothing and mixup); measured with every LRBench metric (top-1, top-5, AC, CD,
/// CDAC, test loss).
/// </summary>
public sealed class ClassificationObjective : TaskObjective
{
    /// <param name="classes">How many classes there are (at least 2); targets must lie in 0..classes-1.</param>
    public ClassificationObjective(int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier needs at least 2 classes");
        Classes = classes;
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <inheritdoc/>
    public override bool IsClassification => true;

    internal override Tensor TrainingLoss(nn.Module<Tensor, Tensor> model, TensorBatch batch, long step, TrainingOptions options)
    {
        var (x, y) = (batch.Input, batch.Target);
        double smoothing = options.LabelSmoothing;
        if (options.MixupAlpha <= 0)
            return nn.functional.cross_entropy(model.forward(x), y, label_smoothing: smoothing);

        // Mixup (Zhang et al. 2018): x' = lam x + (1 - lam) x[perm], loss = lam CE(y) + (1 - lam) CE(y[perm]); the
        // weight and the pairing of step t come from (seed, t), so a resumed run mixes the same pairs.
        var rng = SeededRandom.For(options.Seed, "mixup", step);
        double lam = rng.NextBeta(options.MixupAlpha, options.MixupAlpha);
        var perm = tensor(rng.Permutation((int)x.shape[0]).Select(i => (long)i).ToArray()).to(x.device);
        var mixed = x.Times(lam).PlusScaled(x.index_select(0, perm), 1 - lam);
        var logits = model.forward(mixed);
        return nn.functional.cross_entropy(logits, y, label_smoothing: smoothing).Times(lam)
            .PlusScaled(nn.functional.cross_entropy(logits, y.index_select(0, perm), label_smoothing: smoothing), 1 - lam);
    }

    internal override TaskEvaluation Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource source, int batchSize, Device device)
    {
        var (logProbs, labels) = LogProbabilities(model, source, batchSize, device);
        return new TaskEvaluation(ClassificationMetrics.Compute(logProbs, Classes, labels), null, logProbs, labels);
    }

    /// <summary>The model's log-softmax outputs over a source (sample by sample, row-major) and the sources's labels.</summary>
    internal (float[] LogProbabilities, int[] Labels) LogProbabilities(nn.Module<Tensor, Tensor> model, IBatchSource source, int batchSize, Device device)
    {
        bool wasTraining = model.training;
        model.eval();
        var logProbs = new float[source.Count * (long)Classes];
        var labels = new int[source.Count];
        try
        {
            using var noGrad = no_grad();
            foreach (var (start, size) in InOrder(source.Count, batchSize))
            {
                using var scope = NewDisposeScope();
                var batch = source.Get(Range(start, size), device);
                var lp = nn.functional.log_softmax(model.forward(batch.Input), 1).cpu().contiguous();
                if (lp.shape[0] != size || lp.shape[1] != Classes)
                    throw new InvalidDataException($"the model returned {ShapeOf(lp)} for a batch of {size}; expected [{size}, {Classes}]");
                lp.data<float>().CopyTo(logProbs.AsSpan((int)(start * Classes), (int)(size * Classes)));
                var y = batch.Target.cpu().to_type(ScalarType.Int64).contiguous();
                int i = (int)start;
                foreach (long label in y.data<long>()) labels[i++] = (int)label;
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }

        return (logProbs, labels);
    }

    internal override void CheckBatch(string task, string source, TensorBatch batch, Tensor output)
    {
        long n = batch.Input.shape[0];
        if (output.dim() != 2 || output.shape[0] != n || output.shape[1] != Classes)
            throw new TaskException(task, $"the model returned {ShapeOf(output)} for a {source} batch of {n}; a classifier of {Classes} classes must return [{n}, {Classes}] logits");
        CheckTargets(task, source, batch.Target, n);
        if (batch.Input.is_floating_point() && !batch.Input.isfinite().all().item<bool>())
            throw new TaskException(task, $"a {source} batch's inputs hold NaN or infinite values");
    }

    internal override void CheckSource(string task, string name, TensorBatchSource source)
    {
        base.CheckSource(task, name, source);
        using var scope = NewDisposeScope();
        CheckTargets(task, name, source.Targets, source.Count);
    }

    private void CheckTargets(string task, string source, Tensor target, long n)
    {
        if (target.dtype != ScalarType.Int64)
            throw new TaskException(task, $"the {source} targets are {target.dtype}; classification needs class indices as int64");
        if (target.dim() != 1 || target.shape[0] != n)
            throw new TaskException(task, $"the {source} targets have shape {ShapeOf(target)}; classification needs one class index per sample, [{n}]");
        if (n == 0) return;
        long low = target.min().item<long>(), high = target.max().item<long>();
        if (low < 0 || high >= Classes)
            throw new TaskException(task, $"the {source} labels run from {low} to {high}; with {Classes} classes they must lie in 0..{Classes - 1}");
    }
}
