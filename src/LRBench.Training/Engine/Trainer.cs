using System.Diagnostics;
using LRBench.Adaptive;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Training.Data;
using LRBench.Training.Driving;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;
using LRBench.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>
/// Trains one task's model under one learning-rate policy and evaluates it at fixed intervals. A task
/// (<see cref="TrainingTask"/>) is any TorchSharp model with its data; the built-in models and data sets are tasks too.
/// <para>
/// Conventions: an epoch is ceil(N / batch) steps (the last batch may be smaller, like PyTorch's DataLoader);
/// the order of epoch e is a permutation drawn from (seed, e), and mixup's pairs and weights at step t from (seed, t),
/// so a resumed run sees exactly the batches an uninterrupted one would. Each step runs in its own dispose scope.
/// A non-finite training loss stops the run as <see cref="RunStatus.Diverged"/> before the update is applied.
/// </para>
/// </summary>
public sealed partial class Trainer
{
    private readonly TrainingOptions _options;
    private readonly TrainingTask _task;
    private readonly bool _ownsTask;

    /// <summary>The longest run a trainer takes on: 10^9 optimizer steps, years of CPU time for the smallest model here.</summary>
    public const long MaxTotalSteps = 1_000_000_000;

    /// <summary>
    /// A trainer for the built-in task of <paramref name="options"/>' zoo model on <paramref name="data"/>
    /// (<see cref="ImageClassificationTask"/>); its tensors are freed when <see cref="Train"/> returns.
    /// </summary>
    public Trainer(TrainingOptions options, DataBundle data)
        : this(BuiltInTask(options, data), options, ownsTask: true)
    {
    }

    /// <summary>
    /// Checks the options against the task and compiles the policy against the run's clock, so that bad input fails
    /// before any tensor is made. The task stays the caller's (several trainers may share one).
    /// </summary>
    public Trainer(TrainingTask task, TrainingOptions options)
        : this(task, options, ownsTask: false)
    {
    }

    private Trainer(TrainingTask task, TrainingOptions options, bool ownsTask)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _task = task;
        _ownsTask = ownsTask;
        _options = options;
        if (task.Train.Count <= 0) throw new TaskException(task.Name, "its training data is empty");
        if (task.Evaluation.Count <= 0) throw new TaskException(task.Name, "its evaluation data is empty");
        if (!task.Objective.IsClassification && (options.LabelSmoothing > 0 || options.MixupAlpha > 0 || options.SnapshotEnsembles))
            throw new TaskException(task.Name, "label smoothing, mixup and snapshot ensembles need a classification task");
        StepsPerEpoch = StepsPerEpochFor(task.Train.Count, options.BatchSize);
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
        Float32Range.RequireRates(Schedule, TotalSteps, options.Policy.Name);
        if (options.StartFrom is not null && Schedule is AdaptiveSchedule)
            throw new ArgumentException("an adaptive policy cannot continue another run's trajectory (start from a snapshot); use a step policy");
        // LRBench's optimizers have one param group: a per-group setting (ReduceLROnPlateau's min_lr list) is checked
        // against it now, as bad input, rather than when training starts. A task's own optimizer is checked then.
        if (task.Optimizer is null && Schedule is AdaptiveSchedule adaptive && adaptive.Start() is IMetricController metric)
            metric.BindGroups([1.0]);
        _extraEvaluations = [.. options.EvaluateAtSteps];
        _snapshotSteps = [.. options.SnapshotAtSteps];
        _probeSteps = [.. options.AnnealProbes?.AtSteps ?? []];
        long beyond = _extraEvaluations.Concat(_snapshotSteps).Concat(_probeSteps).DefaultIfEmpty(0).Max();
        if (beyond > TotalSteps)
            throw new ArgumentException($"an evaluation or snapshot is asked for at step {beyond}, after the run's last step {TotalSteps}");
    }

    private readonly HashSet<long> _extraEvaluations;
    private readonly SortedSet<long> _snapshotSteps;
    private readonly HashSet<long> _probeSteps;

    private static TrainingTask BuiltInTask(TrainingOptions options, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        return ImageClassificationTask.Create(options.Model, data);
    }

    /// <summary>The task this trainer trains.</summary>
    public TrainingTask Task => _task;

    /// <summary>True when the directory holds a whole checkpoint (a run's own, or a snapshot) to resume or start from.</summary>
    public static bool HasCheckpoint(string directory) => Checkpoint.Exists(directory);

    /// <summary>The folder inside a run's checkpoint directory that holds its current checkpoint (what <see cref="ITrainingObserver.OnCheckpoint"/> names).</summary>
    public static string CheckpointFolder(string directory) => Checkpoint.Current(directory);

    /// <summary>
    /// Why checkpoints cannot be written in <paramref name="directory"/>: it, or one of the folders a checkpoint swaps
    /// through (<c>checkpoint</c>, <c>checkpoint.old</c>, <c>checkpoint.tmp</c>), is a file. Null when they can.
    /// Checked before the first step, so such a run fails at once rather than after training.
    /// </summary>
    public static string? CheckpointFolderProblem(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory)) return $"checkpoint folder {directory} is a file; give a folder (it is created when missing)";
        foreach (string name in Checkpoint.FolderNames)
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) return $"{path} is a file where checkpoints keep a folder; move it away or choose another folder";
        }

        return null;
    }

    /// <summary>
    /// Why the checkpoint in <paramref name="options"/>' checkpoint directory cannot be resumed by a run with these
    /// options (written by a run with other options, or unreadable); null when there is none or it fits.
    /// </summary>
    public static string? CheckpointConflict(TrainingOptions options, TrainingTask? task = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CheckpointDirectory is not string dir || Checkpoint.Find(dir) is not string where) return null;
        try
        {
            var state = Checkpoint.ReadState(where);
            return state.Fingerprint == Fingerprint(options, task) ? null : $"{dir} holds the checkpoint of a run with other options (another task or policy)";
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
        return new Trainer(BuiltInTasks.Create(options.Data, options.Model), options, ownsTask: true).Train(observer, resume, cancel);
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
        if (o.CheckpointDirectory is string folder && CheckpointFolderProblem(folder) is string problem) throw new IOException(problem);
        if (o.Threads is int threads) torch.set_num_threads(threads);
        var device = (o.Device ?? ComputeDevice.Cpu).Resolve(out string? deviceNote);
        if (deviceNote is not null) observer.OnNote(deviceNote);
        try
        {
            return TrainOn(device, observer, resume, cancel);
        }
        finally
        {
            if (_ownsTask) ReleaseTensors(_task);
        }
    }

    private TrainingResult TrainOn(Device device, ITrainingObserver observer, bool resume, CancellationToken cancel)
    {
        var o = _options;
        using var model = CreateModel(device);
        CheckTask(model, device);
        using var optimizer = CreateOptimizer(model);
        var driver = new PolicyDriver(optimizer, Schedule);

        string fingerprint = Fingerprint(o, _task);
        var run = StartingPoint(resume, fingerprint, model, optimizer, driver);
        var plan = PlanOf(model, run);
        observer.OnStart(plan);

        long traceEvery = Math.Max(1, (TotalSteps + o.TracePoints - 1) / o.TracePoints);
        var wall = Stopwatch.StartNew();
        double wallBefore = run.WallSeconds;
        double computeBefore = run.ComputeSeconds;
        long samplesThisSession = 0;
        RunStatus status = RunStatus.Completed;
        long? divergedAt = null;

        if (o.EvaluateAtStart && run.Step == 0 && run.Evaluations.Count == 0)
            AtAverage(model, optimizer, device, () => Evaluate(model, device, run, observer, wall, wallBefore, trainLoss: double.NaN, driver.CurrentLearningRate));

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

                (order, orderEpoch) = OrderFor(run.Step / StepsPerEpoch, order, orderEpoch);
                long start = run.Step % StepsPerEpoch * o.BatchSize;
                long size = Math.Min(o.BatchSize, _task.Train.Count - start);
                double lr = driver.CurrentLearningRate;
                long t0 = Stopwatch.GetTimestamp();
                double loss = TrainBatch(model, optimizer, device, order!.narrow(0, start, size), run.Step);
                if (!double.IsFinite(loss))
                {
                    status = RunStatus.Diverged;
                    divergedAt = run.Step;
                    run.ComputeSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    run.Trace.Add(new TracePoint(run.Step, lr, loss));
                    observer.OnDiverged(run.Step, loss);
                    break;
                }

                StepPolicy(driver, observer, loss);
                run.ComputeSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (run.Step % traceEvery == 0) run.Trace.Add(new TracePoint(run.Step, lr, loss));
                run.Step++;
                run.LossSum += loss;
                run.LossCount++;
                samplesThisSession += size;
                observer.OnStep(new StepProgress(run.Step, TotalSteps, (double)run.Step / StepsPerEpoch, loss, lr,
                    samplesThisSession / Math.Max(run.ComputeSeconds - computeBefore, 1e-9), wallBefore + wall.Elapsed.TotalSeconds));

                EvaluateIfDue(model, optimizer, driver, run, device, fingerprint, observer, wall, wallBefore, lr, cancel);
                if (CheckpointDue(run.Step, observer))
                    SaveCheckpoint(model, optimizer, driver, run, fingerprint, wall, wallBefore, observer);
            }
        }
        finally
        {
            order?.Dispose();
        }

        if (o.CheckpointDirectory is not null && status != RunStatus.Diverged && observer.MayWriteCheckpoint())
            SaveCheckpoint(model, optimizer, driver, run, fingerprint, wall, wallBefore, observer);

        return Result(plan, status, divergedAt, run, driver, wallBefore + wall.Elapsed.TotalSeconds);
    }

    private TrainingPlan PlanOf(nn.Module<Tensor, Tensor> model, RunProgress run) => new(
        _task.DataName ?? _task.Name, _task.ModelName ?? _task.Name, ModelZoo.ParameterCount(model), _task.Train.Count, _task.Evaluation.Count, _task.EvaluationName,
        _options.BatchSize, StepsPerEpoch, TotalSteps, EvaluationInterval, run.Step, SpecFormatter.ToText(_options.Policy));

    /// <summary>The sample order of <paramref name="epoch"/>: the current one while the epoch lasts, a new one (the old freed) when it changes.</summary>
    private (Tensor Order, long Epoch) OrderFor(long epoch, Tensor? current, long currentEpoch)
    {
        if (current is not null && epoch == currentEpoch) return (current, currentEpoch);
        current?.Dispose();
        return (EpochOrder(epoch), epoch);
    }

    /// <summary>Advances the policy after an optimizer step and tells the observer of any decision it took (AutoWU's switch).</summary>
    private static void StepPolicy(PolicyDriver driver, ITrainingObserver observer, double loss)
    {
        int eventsBefore = driver.Events.Count;
        driver.Step(loss);
        for (int e = eventsBefore; e < driver.Events.Count; e++) observer.OnPolicyEvent(driver.Events[e]);
    }

    /// <summary>A periodic checkpoint is due after <paramref name="step"/> (the last one is written when the run ends).</summary>
    private bool CheckpointDue(long step, ITrainingObserver observer) =>
        _options.CheckpointDirectory is not null && CheckpointInterval is double every && Crosses(step, every) && step < TotalSteps && observer.MayWriteCheckpoint();

    /// <summary>Where a run starts: its own checkpoint when resuming (checked against this run's options), a trunk's snapshot for a fork, or step 0.</summary>
    private RunProgress StartingPoint(bool resume, string fingerprint, nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver)
    {
        var o = _options;
        if (resume && Checkpoint.Exists(o.CheckpointDirectory!))
        {
            var state = Checkpoint.Load(o.CheckpointDirectory!, model, optimizer);
            if (state.Fingerprint != fingerprint)
            {
                throw new InvalidDataException(
                    $"the checkpoint in {o.CheckpointDirectory} was written by a run with different options; resume with the same options or use another checkpoint directory");
            }

            if (state.Progress.Step > TotalSteps)
                throw new InvalidDataException($"the checkpoint in {o.CheckpointDirectory} is at step {state.Progress.Step}, past this run's {TotalSteps} steps; {Checkpoint.StartOver}");

            driver.RestoreState(state.Driver);
            return state.Progress;
        }

        return o.StartFrom is not null ? StartFromSnapshot(o.StartFrom, model, optimizer, driver) : new RunProgress();
    }

    /// <summary>One optimizer step on the rows <paramref name="rows"/> of the training set; returns the loss, and steps only when it is finite.</summary>
    private double TrainBatch(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, Device device, Tensor rows, long step)
    {
        using var scope = NewDisposeScope();
        var batch = _task.Train.Get(rows, device);
        var objective = _task.Objective.TrainingLoss(model, batch, step, _options);
        double loss = objective.item<float>();
        if (!double.IsFinite(loss)) return loss;
        optimizer.zero_grad();
        objective.backward();
        optimizer.step();
        return loss;
    }

    /// <summary>After a step: evaluates when an interval, the end, a snapshot, an anneal probe or an extra evaluation step is reached, then snapshots and probes.</summary>
    private void EvaluateIfDue(
        nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, PolicyDriver driver, RunProgress run, Device device, string fingerprint, ITrainingObserver observer,
        Stopwatch wall, double wallBefore, double lr, CancellationToken cancel)
    {
        bool snapshot = _snapshotSteps.Contains(run.Step);
        bool probe = _probeSteps.Contains(run.Step);
        if (!(Crosses(run.Step, EvaluationInterval) || run.Step == TotalSteps || snapshot || probe || _extraEvaluations.Contains(run.Step))) return;
        double trainLoss = run.LossSum / run.LossCount;
        run.LossSum = 0;
        run.LossCount = 0;
        var evaluation = AtAverage(model, optimizer, device, () => Evaluate(model, device, run, observer, wall, wallBefore, trainLoss, lr));
        FeedMetric(driver, evaluation, observer);
        if (snapshot && observer.MayWriteCheckpoint()) SaveSnapshot(model, optimizer, driver, run, fingerprint, wall, wallBefore, evaluation);
        if (probe) AnnealProbe(model, optimizer, driver, run, device, fingerprint, observer, wall, wallBefore, cancel);
    }

    private static TrainingResult Result(TrainingPlan plan, RunStatus status, long? divergedAt, RunProgress run, PolicyDriver driver, double wallSeconds) =>
        new()
        {
            Plan = plan,
            Status = status,
            Steps = run.Step,
            DivergedAtStep = divergedAt,
            Evaluations = run.Evaluations,
            Trace = run.Trace,
            WallSeconds = wallSeconds,
            ComputeSeconds = run.ComputeSeconds,
            PolicyEvents = driver.Events,
            PolicyState = driver.SaveState().Adaptive,
            Ensembles = run.Ensembles,
            StartedFromStep = run.StartedFromStep,
        };

    /// <summary>
    /// The order of the training samples in <paramref name="epoch"/>: a permutation drawn from (seed, epoch), so that a
    /// resumed run and an anneal probe see exactly the batches an uninterrupted run would.
    /// </summary>
    private Tensor EpochOrder(long epoch) =>
        tensor(SeededRandom.For(_options.Seed, "epoch-order", epoch).Permutation(_task.Train.Count).Select(i => (long)i).ToArray());

    // Weight initialisation draws from TorchSharp's one global generator: trainers running side by side (a study
    // with --parallel) must seed and build their models one at a time to get the weights their seed promises.

    private static readonly Lock InitLock = new();

    private nn.Module<Tensor, Tensor> CreateModel(Device device)
    {
        nn.Module<Tensor, Tensor> model;
        lock (InitLock)
        {
            torch.manual_seed(_options.Seed);
            model = _task.Model() ?? throw new TaskException(_task.Name, "its model factory returned null");
        }

        return device.type == DeviceType.CPU ? model : model.to(device);
    }

    private TorchSharp.Modules.OptimizerHelper CreateOptimizer(nn.Module model)
    {
        double lr = Schedule.LearningRate(0);
        if (_task.Optimizer is null) return OptimizerFactory.Create(_options.Optimizer, model.parameters(), lr);
        return _task.Optimizer(model.parameters(), lr) ?? throw new TaskException(_task.Name, "its optimizer factory returned null");
    }

    /// <summary>
    /// Builds the task's model (seeded, on the run's device) and runs it on a first batch of each source: a task that
    /// cannot train (wrong output shape, labels out of range, NaN inputs) throws a <see cref="TaskException"/> naming
    /// the problem. Nothing is trained or written. <see cref="Train"/> does this itself; planners call it up front.
    /// </summary>
    public void CheckTask()
    {
        var device = (_options.Device ?? ComputeDevice.Cpu).Resolve(out _);
        try
        {
            using var model = CreateModel(device);
            CheckTask(model, device);
        }
        finally
        {
            if (_ownsTask) ReleaseTensors(_task);
        }
    }
}
