using System.Diagnostics;
using System.Text.Json;
using LRBench.Training.Driving;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>The trainer, continued: snapshots, anneal probes and checkpoints, and the identity a checkpoint must match to be resumed.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// Judges the run as if it ended now: keeps model and optimizer aside (a checkpoint in CHECKPOINTS/probe, or a
    /// temporary folder), trains <see cref="AnnealProbes.Length"/> steps on the batches the run would
    /// see next with the LR falling linearly from the current one towards zero (step i of n uses lr x (n - i) / n),
    /// evaluates, and puts the kept state back. The run's progress, trace and policy are not touched. Cancelled
    /// part-way (Ctrl-C, a lost lease), it stops at once, reports nothing and puts the state back all the same.
    /// </summary>
    private void AnnealProbe(
        nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver, RunProgress run, Device device,
        string fingerprint, ITrainingObserver observer, Stopwatch wall, double wallBefore, CancellationToken cancel)
    {
        var o = _options;
        string dir = o.CheckpointDirectory is string c ? Path.Combine(c, "probe") : Directory.CreateTempSubdirectory("lrbench-probe-").FullName;
        Checkpoint.Save(dir, model, optimizer, new CheckpointState { Fingerprint = fingerprint, Driver = driver.SaveState(), Progress = run });
        double[] groupLrs = [.. optimizer.ParamGroups.Select(g => g.LearningRate)];
        long n = o.AnnealProbes!.Length;
        bool diverged = false;
        long t0 = Stopwatch.GetTimestamp();
        Tensor? order = null;
        long orderEpoch = -1;
        try
        {
            model.train();
            for (long i = 0; i < n && !diverged; i++)
            {
                if (cancel.IsCancellationRequested) return; // the kept state goes back below; the run then stops
                long step = run.Step + i, epoch = step / StepsPerEpoch, position = step % StepsPerEpoch;
                if (epoch != orderEpoch)
                {
                    order?.Dispose();
                    order = EpochOrder(epoch);
                    orderEpoch = epoch;
                }

                double scale = (double)(n - i) / n;
                int g = 0;
                foreach (var group in optimizer.ParamGroups) group.LearningRate = groupLrs[g++] * scale;
                using var scope = NewDisposeScope();
                long start = position * o.BatchSize;
                var batch = _task.Train.Get(order!.narrow(0, start, Math.Min(o.BatchSize, _task.Train.Count - start)), device);
                var objective = _task.Objective.TrainingLoss(model, batch, step, o);
                if (!double.IsFinite(objective.item<float>()))
                {
                    diverged = true;
                    break;
                }

                optimizer.zero_grad();
                objective.backward();
                optimizer.step();
            }

            var metrics = diverged ? null : AtAverage(model, optimizer, device, () => _task.Objective.Evaluate(model, _task.Evaluation, o.EvaluationBatchSize, device));
            var nan = new ClassificationMetrics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            observer.OnAnnealProbe(run.Step, new EvaluationPoint
            {
                Step = run.Step + n,
                Epoch = (double)(run.Step + n) / StepsPerEpoch,
                LearningRate = groupLrs[0] / n,
                Metrics = metrics?.Metrics ?? nan,
                TaskMetric = metrics?.TaskMetric ?? double.NaN,
                TrainLoss = double.NaN,
                BestTop1 = double.NaN,
                BestTop1Step = run.Step + n,
                WallSeconds = wallBefore + wall.Elapsed.TotalSeconds,
                ComputeSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds,
                EvaluationSeconds = 0,
            });
        }
        finally
        {
            order?.Dispose();
            Checkpoint.Load(dir, model, optimizer);
            int g = 0;
            foreach (var group in optimizer.ParamGroups) group.LearningRate = groupLrs[g++];
            model.train();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Takes over a snapshot's model, optimizer state, policy step and progress (fork-and-anneal).</summary>
    private RunProgress StartFromSnapshot(string snapshot, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver)
    {
        if (!Checkpoint.Exists(snapshot)) throw new FileNotFoundException($"no snapshot to start from in {snapshot}");
        var state = Checkpoint.Load(snapshot, model, optimizer);
        string mine = Lineage(Identity(_options, _task));
        var theirs = JsonSerializer.Deserialize<TrainingOptions>(state.Fingerprint)
            ?? throw new InvalidDataException($"{snapshot}: the snapshot names no options");
        if (Lineage(theirs) != mine)
        {
            throw new InvalidDataException(
                $"the snapshot in {snapshot} comes from a run with other data, model, optimizer, batch size, methods or seed; a run can only continue a trajectory it shares");
        }

        driver.RestoreState(state.Driver with { Adaptive = null });
        var run = state.Progress;
        run.Ensembles.Clear();
        run.StartedFromStep = run.Step;
        return run;
    }

    /// <summary>What two runs must share for one to continue the other's trajectory: all but the policy, budget and outputs.</summary>
    private static string Lineage(TrainingOptions o)
    {
        var node = JsonSerializer.SerializeToNode(o with
        {
            Budget = default, EvaluateEvery = default, EvaluateAtSteps = [], SnapshotAtSteps = [], SnapshotEnsembles = false, AnnealProbes = null,
            StartFrom = null, CheckpointDirectory = null, CheckpointEvery = null, Threads = null, Device = null, TracePoints = 0,
        })!.AsObject();
        node[nameof(TrainingOptions.Policy)] = ""; // the policy is what a fork changes
        return node.ToJsonString();
    }

    private void SaveCheckpoint(
        nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver, RunProgress run, string fingerprint, Stopwatch wall, double wallBefore,
        ITrainingObserver observer)
    {
        run.WallSeconds = wallBefore + wall.Elapsed.TotalSeconds;
        var state = new CheckpointState { Fingerprint = fingerprint, Driver = driver.SaveState(), Progress = run };
        Checkpoint.Save(_options.CheckpointDirectory!, model, optimizer, state);
        observer.OnCheckpoint(run.Step, Checkpoint.Current(_options.CheckpointDirectory!));
    }

    /// <summary>
    /// What determines the results: the options except where checkpoints go, how often, thread count and device. A
    /// user's task is named in place of the zoo model (a built-in task is named by the options' data and model).
    /// </summary>
    internal static string Fingerprint(TrainingOptions o, TrainingTask? task) => JsonSerializer.Serialize(Identity(o, task));

    private static TrainingOptions Identity(TrainingOptions o, TrainingTask? task) =>
        o with
        {
            CheckpointDirectory = null, CheckpointEvery = null, Threads = null, StartFrom = null, Device = null,
            Model = task is null || task.IsBuiltIn ? o.Model : "task:" + task.Name,
        };

    private sealed class NullObserver : ITrainingObserver
    {
        public static readonly NullObserver Instance = new();
    }
}
