using LRBench.Adaptive;
using System.Diagnostics;
using System.Text.Json;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Training.Data;
using LRBench.Training.Driving;
using LRBench.Training.Metrics;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using LRBench.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>
/// Trains one model on one data set under one learning-rate policy and evaluates it at fixed intervals.
/// <para>
/// Conventions: an epoch is ceil(N / batch) steps (the last batch may be smaller, like PyTorch's DataLoader);
/// the order of epoch e is a permutation drawn from (seed, e), and mixup's pairs and weights at step t from (seed, t),
/// so a resumed run sees exactly the batches an uninterrupted one would. Each step runs in its own dispose scope.
/// A non-finite training loss stops the run as <see cref="RunStatus.Diverged"/> before the update is applied.
/// </para>
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;
    private readonly DataBundle _data;
    private readonly Func<ImageShape, int, nn.Module<Tensor, Tensor>> _model;

    /// <summary>The longest run a trainer takes on: 10^9 optimizer steps, years of CPU time for the smallest model here.</summary>
    public const long MaxTotalSteps = 1_000_000_000;

    /// <summary>Checks the options and compiles the policy against the run's clock, so that bad input fails before any tensor is made.</summary>
    public Trainer(TrainingOptions options, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        _model = ModelZoo.Resolve(options.Model);
        _options = options;
        _data = data;
        StepsPerEpoch = StepsPerEpochFor(data.Train.Count, options.BatchSize);
        var clock = new RunClock(StepsPerEpoch, null, options.BaseLearningRate);
        double budgetSteps = clock.ToSteps(options.Budget, "budget");
        if (!(budgetSteps <= MaxTotalSteps))
            throw new ArgumentException($"the budget {options.Budget} is {budgetSteps:G3} steps of batch {options.BatchSize}; at most {MaxTotalSteps:N0} steps are allowed");
        TotalSteps = Math.Max(1, (long)Math.Round(budgetSteps));
        Clock = clock with { TotalSteps = TotalSteps };
        EvaluationInterval = Math.Max(1, Clock.ToSteps(options.EvaluateEvery, "evaluate every"));
        CheckpointInterval = options.CheckpointEvery is Duration c ? Math.Max(1, Clock.ToSteps(c, "checkpoint every")) : null;
        // Compile now so that a bad spec fails before any tensor is made.
        Schedule = Policies.Registry.Compile(options.Policy, Clock);
        if (options.StartFrom is not null && Schedule is AdaptiveSchedule)
            throw new ArgumentException("an adaptive policy cannot continue another run's trajectory (start from a snapshot); use a step policy");
        _extraEvaluations = [.. options.EvaluateAtSteps];
        _snapshotSteps = [.. options.SnapshotAtSteps];
        long beyond = _extraEvaluations.Concat(_snapshotSteps).DefaultIfEmpty(0).Max();
        if (beyond > TotalSteps)
            throw new ArgumentException($"an evaluation or snapshot is asked for at step {beyond}, after the run's last step {TotalSteps}");
    }

    private readonly HashSet<long> _extraEvaluations;
    private readonly SortedSet<long> _snapshotSteps;

    /// <summary>True when the directory holds a whole checkpoint (a run's own, or a snapshot) to resume or start from.</summary>
    public static bool HasCheckpoint(string directory) => Checkpoint.Exists(directory);

    /// <summary>
    /// Why the checkpoint in <paramref name="options"/>' checkpoint directory cannot be resumed by a run with these
    /// options (written by a run with other options, or unreadable); null when there is none or it fits.
    /// </summary>
    public static string? CheckpointConflict(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CheckpointDirectory is not string dir || Checkpoint.Find(dir) is not string where) return null;
        try
        {
            var state = Checkpoint.ReadState(where);
            return state.Fingerprint == Fingerprint(options) ? null : $"{dir} holds the checkpoint of a run with other options (another task or policy)";
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    /// <summary>Where the snapshot taken at a step is kept (a checkpoint directory other runs can start from).</summary>
    public static string SnapshotDirectory(string checkpointDirectory, long step) =>
        Path.Combine(checkpointDirectory, "snapshots", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"step-{step}"));

    /// <summary>Optimizer steps in one epoch of the training data.</summary>
    public long StepsPerEpoch { get; }

    /// <summary>The trainer's epoch: ceil(samples / batch) steps, the last batch possibly smaller (PyTorch's drop_last=False).</summary>
    public static long StepsPerEpochFor(int samples, int batchSize) => (samples + (long)batchSize - 1) / batchSize;

    /// <summary>Optimizer steps in the whole run (the budget in steps).</summary>
    public long TotalSteps { get; }

    /// <summary>Steps between evaluations, possibly fractional (0.5ep of 469 steps): evaluation k happens at step ceil(k x interval).</summary>
    public double EvaluationInterval { get; }

    /// <summary>Steps between checkpoints, placed like evaluations; null when only the final checkpoint is written.</summary>
    public double? CheckpointInterval { get; }

    /// <summary>The clock the policy was compiled against.</summary>
    public RunClock Clock { get; }

    /// <summary>The compiled policy.</summary>
    public Schedule Schedule { get; }

    /// <summary>Loads the data named in the options and trains: the whole job in one call.</summary>
    public static TrainingResult Run(TrainingOptions options, ITrainingObserver? observer = null, bool resume = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = DataCatalogue.Load(options.Data);
        return new Trainer(options, data).Train(observer, resume, cancel);
    }

    /// <summary>
    /// Trains to the end of the budget, until the loss diverges, or until cancelled. With <paramref name="resume"/>,
    /// continues from the checkpoint in <see cref="TrainingOptions.CheckpointDirectory"/> (which must come from the same options).
    /// </summary>
    public TrainingResult Train(ITrainingObserver? observer = null, bool resume = false, CancellationToken cancel = default)
    {
        observer ??= NullObserver.Instance;
        var o = _options;
        if (resume && o.CheckpointDirectory is null) throw new ArgumentException("resuming needs a checkpoint directory");
        if (o.Threads is int threads) torch.set_num_threads(threads);

        using var model = CreateModel();
        using var optimizer = OptimizerFactory.Create(o.Optimizer, model.parameters(), Schedule.LearningRate(0));
        var driver = new PolicyDriver(optimizer, Schedule);

        using var trainX = tensor(_data.Train.Pixels, [_data.Train.Count, _data.Shape.Channels, _data.Shape.Height, _data.Shape.Width]);
        using var trainY = tensor(_data.Train.Labels.Select(l => (long)l).ToArray());
        using var evalX = tensor(_data.Evaluation.Pixels, [_data.Evaluation.Count, _data.Shape.Channels, _data.Shape.Height, _data.Shape.Width]);

        var run = new RunProgress();
        string fingerprint = Fingerprint(o);
        if (resume && Checkpoint.Exists(o.CheckpointDirectory!))
        {
            var state = Checkpoint.Load(o.CheckpointDirectory!, model, optimizer);
            if (state.Fingerprint != fingerprint)
            {
                throw new InvalidDataException(
                    $"the checkpoint in {o.CheckpointDirectory} was written by a run with different options; resume with the same options or use another --out");
            }

            if (state.Progress.Step > TotalSteps)
                throw new InvalidDataException($"the checkpoint in {o.CheckpointDirectory} is at step {state.Progress.Step}, past this run's {TotalSteps} steps; {Checkpoint.StartOver}");

            driver.RestoreState(state.Driver);
            run = state.Progress;
        }
        else if (o.StartFrom is not null)
        {
            run = StartFromSnapshot(o.StartFrom, model, optimizer, driver);
        }

        var plan = new TrainingPlan(
            _data.Name, o.Model, ModelZoo.ParameterCount(model), _data.Train.Count, _data.Evaluation.Count, _data.EvaluationName,
            o.BatchSize, StepsPerEpoch, TotalSteps, EvaluationInterval, run.Step, SpecFormatter.ToText(o.Policy));
        observer.OnStart(plan);

        long traceEvery = Math.Max(1, (TotalSteps + o.TracePoints - 1) / o.TracePoints);
        var wall = Stopwatch.StartNew();
        double wallBefore = run.WallSeconds;
        double computeBefore = run.ComputeSeconds;
        long samplesThisSession = 0;
        RunStatus status = RunStatus.Completed;
        long? divergedAt = null;

        if (o.EvaluateAtStart && run.Step == 0 && run.Evaluations.Count == 0)
            Evaluate(model, evalX, run, observer, wall, wallBefore, trainLoss: double.NaN, driver.CurrentLearningRate);

        Tensor? order = null;
        long orderEpoch = -1;
        model.train();
        try
        {
            while (run.Step < TotalSteps)
            {
                if (cancel.IsCancellationRequested)
                {
                    status = RunStatus.Interrupted;
                    break;
                }

                long epoch = run.Step / StepsPerEpoch;
                long position = run.Step % StepsPerEpoch;
                if (epoch != orderEpoch)
                {
                    order?.Dispose();
                    order = tensor(SeededRandom.For(o.Seed, "epoch-order", epoch).Permutation(_data.Train.Count).Select(i => (long)i).ToArray());
                    orderEpoch = epoch;
                }

                long start = position * o.BatchSize;
                long size = Math.Min(o.BatchSize, _data.Train.Count - start);
                double lr = driver.CurrentLearningRate;
                long t0 = Stopwatch.GetTimestamp();
                double loss;
                using (NewDisposeScope())
                {
                    var index = order!.narrow(0, start, size);
                    var x = trainX.index_select(0, index);
                    var y = trainY.index_select(0, index);
                    var objective = Objective(model, x, y, run.Step);
                    loss = objective.item<float>();
                    if (!double.IsFinite(loss))
                    {
                        status = RunStatus.Diverged;
                        divergedAt = run.Step;
                    }
                    else
                    {
                        optimizer.zero_grad();
                        objective.backward();
                        optimizer.step();
                    }
                }

                if (status == RunStatus.Diverged)
                {
                    run.ComputeSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    run.Trace.Add(new TracePoint(run.Step, lr, loss));
                    observer.OnDiverged(run.Step, loss);
                    break;
                }

                int eventsBefore = driver.Events.Count;
                driver.Step(loss);
                for (int e = eventsBefore; e < driver.Events.Count; e++) observer.OnPolicyEvent(driver.Events[e]);
                run.ComputeSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (run.Step % traceEvery == 0) run.Trace.Add(new TracePoint(run.Step, lr, loss));
                run.Step++;
                run.LossSum += loss;
                run.LossCount++;
                samplesThisSession += size;
                observer.OnStep(new StepProgress(run.Step, TotalSteps, (double)run.Step / StepsPerEpoch, loss, lr,
                    samplesThisSession / Math.Max(run.ComputeSeconds - computeBefore, 1e-9), wallBefore + wall.Elapsed.TotalSeconds));

                bool snapshot = _snapshotSteps.Contains(run.Step);
                if (Crosses(run.Step, EvaluationInterval) || run.Step == TotalSteps || snapshot || _extraEvaluations.Contains(run.Step))
                {
                    double trainLoss = run.LossSum / run.LossCount;
                    run.LossSum = 0;
                    run.LossCount = 0;
                    float[] logProbs = Evaluate(model, evalX, run, observer, wall, wallBefore, trainLoss, lr);
                    if (snapshot && observer.MayWriteCheckpoint()) SaveSnapshot(model, optimizer, driver, run, fingerprint, wall, wallBefore, logProbs);
                }

                if (o.CheckpointDirectory is not null && CheckpointInterval is double every && Crosses(run.Step, every) && run.Step < TotalSteps && observer.MayWriteCheckpoint())
                    SaveCheckpoint(model, optimizer, driver, run, fingerprint, wall, wallBefore, observer);
            }
        }
        finally
        {
            order?.Dispose();
        }

        if (o.CheckpointDirectory is not null && status != RunStatus.Diverged && observer.MayWriteCheckpoint())
            SaveCheckpoint(model, optimizer, driver, run, fingerprint, wall, wallBefore, observer);

        return new TrainingResult
        {
            Plan = plan,
            Status = status,
            Steps = run.Step,
            DivergedAtStep = divergedAt,
            Evaluations = run.Evaluations,
            Trace = run.Trace,
            WallSeconds = wallBefore + wall.Elapsed.TotalSeconds,
            ComputeSeconds = run.ComputeSeconds,
            PolicyEvents = driver.Events,
            PolicyState = driver.SaveState().Adaptive,
            Ensembles = run.Ensembles,
            StartedFromStep = run.StartedFromStep,
        };
    }

    // Weight initialisation draws from TorchSharp's one global generator: trainers running side by side (a study
    // with --parallel) must seed and build their models one at a time to get the weights their seed promises.
    private static readonly Lock InitLock = new();

    private nn.Module<Tensor, Tensor> CreateModel()
    {
        lock (InitLock)
        {
            torch.manual_seed(_options.Seed);
            return _model(_data.Shape, _data.Classes);
        }
    }

    /// <summary>True when step is the first step at or past a multiple of the interval.</summary>
    private static bool Crosses(long step, double interval) =>
        Math.Floor(step / interval) > Math.Floor((step - 1) / interval);

    /// <summary>The loss the optimizer minimises at a step: cross-entropy with optional label smoothing, on mixed-up inputs when mixup is on.</summary>
    private Tensor Objective(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, long step)
    {
        double smoothing = _options.LabelSmoothing;
        if (_options.MixupAlpha <= 0)
            return nn.functional.cross_entropy(model.forward(x), y, label_smoothing: smoothing);

        // Mixup (Zhang et al. 2018): x' = lam x + (1 - lam) x[perm], loss = lam CE(y) + (1 - lam) CE(y[perm]).
        var rng = SeededRandom.For(_options.Seed, "mixup", step);
        double lam = rng.NextBeta(_options.MixupAlpha, _options.MixupAlpha);
        var perm = tensor(rng.Permutation((int)x.shape[0]).Select(i => (long)i).ToArray());
        var mixed = x.Times(lam).PlusScaled(x.index_select(0, perm), 1 - lam);
        var logits = model.forward(mixed);
        return nn.functional.cross_entropy(logits, y, label_smoothing: smoothing).Times(lam)
            .PlusScaled(nn.functional.cross_entropy(logits, y.index_select(0, perm), label_smoothing: smoothing), 1 - lam);
    }

    /// <summary>
    /// Evaluates, records the point, and returns the evaluation set's log-probabilities (for snapshots). The point's LR
    /// is the one the last step used: for an adaptive policy that is not the schedule's preview.
    /// </summary>
    private float[] Evaluate(
        nn.Module<Tensor, Tensor> model, Tensor evalX, RunProgress run, ITrainingObserver observer,
        Stopwatch wall, double wallBefore, double trainLoss, double learningRate)
    {
        long t0 = Stopwatch.GetTimestamp();
        float[] logProbs = LogProbabilities(model, evalX, _data.Evaluation.Labels.Length, _data.Classes, _options.EvaluationBatchSize);
        var metrics = ClassificationMetrics.Compute(logProbs, _data.Classes, _data.Evaluation.Labels);
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
            BestTop1 = better ? metrics.Top1 : previousBest!.BestTop1,
            BestTop1Step = better ? run.Step : previousBest!.BestTop1Step,
            WallSeconds = wallBefore + wall.Elapsed.TotalSeconds,
            ComputeSeconds = run.ComputeSeconds,
            EvaluationSeconds = run.EvaluationSeconds,
        };
        run.Evaluations.Add(point);
        observer.OnEvaluation(point);
        return logProbs;
    }

    /// <summary>Evaluates a model in eval mode, without gradients, and computes every metric on the given images.</summary>
    public static ClassificationMetrics EvaluateModel(nn.Module<Tensor, Tensor> model, Tensor images, int[] labels, int classes, int batchSize = 128)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return ClassificationMetrics.Compute(LogProbabilities(model, images, labels.Length, classes, batchSize), classes, labels);
    }

    /// <summary>The model's log-softmax outputs on the images, row-major (sample, class), in eval mode without gradients.</summary>
    private static float[] LogProbabilities(nn.Module<Tensor, Tensor> model, Tensor images, int samples, int classes, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        bool wasTraining = model.training;
        model.eval();
        var logProbs = new float[samples * classes];
        try
        {
            using var noGrad = no_grad();
            for (long start = 0; start < samples; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long size = Math.Min(batchSize, samples - start);
                var lp = nn.functional.log_softmax(model.forward(images.narrow(0, start, size)), 1).contiguous();
                lp.data<float>().CopyTo(logProbs.AsSpan((int)(start * classes), (int)(size * classes)));
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }

        return logProbs;
    }

    /// <summary>
    /// Keeps the run as it is now in its snapshot directory (a whole checkpoint plus the evaluation log-probabilities),
    /// then, when asked, evaluates the ensembles of the last 2, 3, ... snapshots. Rewriting a snapshot after a resume
    /// gives the same files: the run is deterministic.
    /// </summary>
    private void SaveSnapshot(
        nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver, RunProgress run, string fingerprint,
        Stopwatch wall, double wallBefore, float[] logProbs)
    {
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
            run.Ensembles.Add(new EnsemblePoint(run.Step, m, SnapshotProbabilities.Ensemble(members.Take(m), _data.Classes, _data.Evaluation.Labels)));
    }

    /// <summary>Takes over a snapshot's model, optimizer state, policy step and progress (fork-and-anneal).</summary>
    private RunProgress StartFromSnapshot(string snapshot, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver)
    {
        if (!Checkpoint.Exists(snapshot)) throw new FileNotFoundException($"no snapshot to start from in {snapshot}");
        var state = Checkpoint.Load(snapshot, model, optimizer);
        string mine = Lineage(_options);
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
            Budget = default, EvaluateEvery = default, EvaluateAtSteps = [], SnapshotAtSteps = [], SnapshotEnsembles = false,
            StartFrom = null, CheckpointDirectory = null, CheckpointEvery = null, Threads = null, TracePoints = 0,
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

    /// <summary>The options that determine the results: everything except where checkpoints go, how often, and thread count.</summary>
    internal static string Fingerprint(TrainingOptions o) =>
        JsonSerializer.Serialize(o with { CheckpointDirectory = null, CheckpointEvery = null, Threads = null, StartFrom = null });

    private sealed class NullObserver : ITrainingObserver
    {
        public static readonly NullObserver Instance = new();
    }
}
