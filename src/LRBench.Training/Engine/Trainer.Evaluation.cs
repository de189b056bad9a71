using System.Diagnostics;
using LRBench.Training.Driving;
using LRBench.Training.Metrics;
using LRBench.Training.Tasks;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>The trainer, continued: evaluating the model and feeding metric-driven policies.</summary>
public sealed partial class Trainer
{
    /// <summary>True when step is the first step at or past a multiple of the interval.</summary>
    private static bool Crosses(long step, double interval) =>
        Math.Floor(step / interval) > Math.Floor((step - 1) / interval);

    /// <summary>
    /// Evaluates, records the point, and returns the evaluation set's log-probabilities (for snapshots). The point's LR
    /// is the one the last step used: for an adaptive policy that is not the schedule's preview.
    /// </summary>
    private TaskEvaluation Evaluate(
        nn.Module<Tensor, Tensor> model, Device device, RunProgress run, ITrainingObserver observer,
        Stopwatch wall, double wallBefore, double trainLoss, double learningRate)
    {
        long t0 = Stopwatch.GetTimestamp();
        var evaluation = _task.Objective.Evaluate(model, _task.Evaluation, _options.EvaluationBatchSize, device);
        var metrics = evaluation.Metrics;
        run.EvaluationSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var previousBest = run.Evaluations.Count > 0 ? run.Evaluations[^1] : null;
        bool better = previousBest is null || metrics.Top1 > previousBest.BestTop1;
        var point = new EvaluationPoint
        {
            Step = run.Step,
            Epoch = (double)run.Step / StepsPerEpoch,
            LearningRate = learningRate,
            Metrics = metrics,
            TrainLoss = trainLoss,
            TaskMetric = evaluation.TaskMetric,
            BestTop1 = better ? metrics.Top1 : previousBest!.BestTop1,
            BestTop1Step = better ? run.Step : previousBest!.BestTop1Step,
            WallSeconds = wallBefore + wall.Elapsed.TotalSeconds,
            ComputeSeconds = run.ComputeSeconds,
            EvaluationSeconds = run.EvaluationSeconds,
        };
        run.Evaluations.Add(point);
        observer.OnEvaluation(point);
        return evaluation;
    }

    /// <summary>Evaluates a model in eval mode, without gradients, and computes every metric on the given images.</summary>
    public static ClassificationMetrics EvaluateModel(nn.Module<Tensor, Tensor> model, Tensor images, int[] labels, int classes, int batchSize = 128)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        using var targets = tensor(labels.Select(l => (long)l).ToArray());
        using var source = new TensorBatchSource(images, targets);
        return new ClassificationObjective(classes).Evaluate(model, source, batchSize, images.device).Metrics;
    }

    /// <summary>
    /// Keeps the run as it is now in its snapshot directory (a whole checkpoint plus the evaluation log-probabilities),
    /// then, when asked, evaluates the ensembles of the last 2, 3, ... snapshots. Rewriting a snapshot after a resume
    /// gives the same files: the run is deterministic.
    /// </summary>
    private void SaveSnapshot(
        nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver, RunProgress run, string fingerprint,
        Stopwatch wall, double wallBefore, TaskEvaluation evaluation)
    {
        float[] logProbs = evaluation.LogProbabilities ?? throw new InvalidOperationException("snapshots keep classification outputs");
        string dir = SnapshotDirectory(_options.CheckpointDirectory!, run.Step);
        run.WallSeconds = wallBefore + wall.Elapsed.TotalSeconds;
        Checkpoint.Save(dir, model, optimizer, new CheckpointState { Fingerprint = fingerprint, Driver = driver.SaveState(), Progress = run });
        SnapshotProbabilities.Write(Path.Combine(dir, SnapshotProbabilities.FileName), logProbs);
        if (!_options.SnapshotEnsembles) return;

        // Members: this snapshot and the earlier ones of this run, newest first.
        var members = new List<float[]> { logProbs };
        foreach (long earlier in _snapshotSteps.Where(s => s < run.Step).Reverse())
        {
            if (run.StartedFromStep is long from && earlier <= from) break; // taken before this run existed
            members.Add(SnapshotProbabilities.Read(Path.Combine(SnapshotDirectory(_options.CheckpointDirectory!, earlier), SnapshotProbabilities.FileName)));
        }

        run.Ensembles.RemoveAll(e => e.Step == run.Step); // a resume that repeats this snapshot
        for (int m = 2; m <= members.Count; m++)
            run.Ensembles.Add(new EnsemblePoint(run.Step, m, SnapshotProbabilities.Ensemble(members.Take(m), ((ClassificationObjective)_task.Objective).Classes, evaluation.Labels!)));
    }
}
