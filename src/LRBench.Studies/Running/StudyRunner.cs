using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Pruning;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Studies.Running;

/// <summary>
/// Runs a study's trials against a store: claims and trains trials until none is left, several at once. Each
/// trial is run from the value stored in its row (<see cref="Trial"/>), so a worker needs nothing but the store.
/// Run it again after a crash or Ctrl-C: finished trials are kept, unfinished ones resume from their last
/// checkpoint, and nothing is run twice.
/// </summary>
public sealed partial class StudyRunner
{
    private readonly StudyStore _store;
    private readonly RunnerOptions _options;
    private readonly TimeProvider _time;

    /// <summary>A runner for the studies in <paramref name="store"/>.</summary>
    public StudyRunner(StudyStore store, RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = options.Time;
    }

    /// <summary>The values the range test gave the study's placeholders, after <see cref="Submit(StudyDefinition, string)"/>; null when it has none.</summary>
    public IReadOnlyDictionary<string, double>? RangeTestValues { get; private set; }

    /// <summary>
    /// The range test run by the last <see cref="Submit(StudyDefinition, string)"/>, also kept in the store; null when
    /// the study has none or its values were read back from an earlier run. The caller writes its report (the CLI's
    /// range-test.png and range-test.csv): running stays below reporting.
    /// </summary>
    public RangeTestResult? RangeTest { get; private set; }

    /// <summary>
    /// Plans a study on its data (range test, curve layout, every policy compiled) and registers it with its trials,
    /// without running anything; returns its row. <paramref name="definitionText"/> is the study file's text, kept
    /// with it. Throws a <see cref="StudyConflictException"/> when the store holds another study of that name.
    /// </summary>
    public StudyRow Submit(StudyDefinition study, string definitionText, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(data);
        _options.Tasks.Remember(study.Task.Data, data);
        return Submit(study, definitionText);
    }

    /// <summary>
    /// Plans a study on its task, taken from <see cref="RunnerOptions.Tasks"/> (a built-in one loads its data set; a
    /// user's must have been added), and registers it with its trials without running anything. A code-built study
    /// passes <see cref="StudyDefinition.CanonicalText"/> as <paramref name="definitionText"/>.
    /// </summary>
    public StudyRow Submit(StudyDefinition study, string definitionText) => Submit(Plan(study, definitionText, _options));

    /// <summary>
    /// Plans a study on its task, taken from <paramref name="options"/>' <see cref="RunnerOptions.Tasks"/>, without a
    /// store: runs the range test (its values go to the output folder), lays out curves and rungs, and compiles every
    /// policy. Throws a <see cref="Model.Definitions.StudyFileException"/> with the file and line for a study that
    /// cannot run, so a caller that plans first creates no store for it.
    /// </summary>
    public static PlannedStudy Plan(StudyDefinition study, string definitionText, RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(definitionText);
        ArgumentNullException.ThrowIfNull(options);
        var task = options.Tasks.For(study.Task);
        var planner = new StudyPlanner(options.OutputDirectory);
        var trials = planner.Plan(study, task);
        return new PlannedStudy(study, definitionText, task, trials, planner.RangeTestValues, planner.RangeTest) { Warnings = planner.Warnings };
    }

    /// <summary>Registers a planned study with its trials (and its range test), without running anything; returns its row.</summary>
    public StudyRow Submit(PlannedStudy planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        RangeTestValues = planned.RangeTestValues;
        RangeTest = planned.RangeTest;
        var row = _store.Queue.Register(planned.Study, planned.DefinitionText, planned.Task, planned.Trials);
        if (planned.RangeTest is { } rangeTest) _store.Queue.RecordRangeTest(row.Id, rangeTest);
        return row;
    }

    /// <summary>Submits the study and runs every unfinished trial; Ctrl-C (<paramref name="cancel"/>) stops after checkpointing.</summary>
    public StudyRunSummary SubmitAndRun(StudyDefinition study, string definitionText, IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        WorkerEnvironment.Check(_options); // before the store is written
        return SubmitAndRun(Plan(study, definitionText, _options), observer, cancel);
    }

    /// <summary>Registers a planned study and runs every unfinished trial; Ctrl-C (<paramref name="cancel"/>) stops after checkpointing.</summary>
    public StudyRunSummary SubmitAndRun(PlannedStudy planned, IStudyObserver? observer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(planned);
        WorkerEnvironment.Check(_options); // before the store is written
        var row = Submit(planned);
        return RunChecked(row.Id, observer, cancel);
    }

    /// <summary>Runs every unfinished trial of a registered study, resuming from checkpoints; Ctrl-C (<paramref name="cancel"/>) stops after checkpointing.</summary>
    public StudyRunSummary Run(long studyId, IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        WorkerEnvironment.Check(_options); // nothing is claimed by a worker that cannot run it
        return RunChecked(studyId, observer, cancel);
    }

    /// <summary><see cref="Run"/> once this worker's environment has been checked.</summary>
    private StudyRunSummary RunChecked(long studyId, IStudyObserver? observer, CancellationToken cancel)
    {
        observer ??= new NullObserver();
        var study = _store.Results.Study(studyId)
            ?? throw new ArgumentException($"no study with id {studyId} in {_store.Location.Display}");
        RefuseUnknownRules(study);
        var before = _store.Results.Trials(studyId);
        RefuseForeignCheckpoints(before);
        // A Bayesian search's later settings are not in the store yet, but they are part of the study.
        // A race's later seeds are not in the store yet either: count the most it can come to.
        int total = study.Racer is null
            ? before.Count + SearchBudget.RemainingTrials(study.Searches, before)
            : Racing.RaceRounds.MostTrials(study, before, _store.Results.RaceDecisions(studyId));
        observer.OnStudyStart(study.Name, total, before.Count(t => t.Status.IsFinished()));

        int threads = _options.ThreadsPerTrial ?? Math.Max(1, Environment.ProcessorCount / _options.Parallel);
        var tally = new Tally();
        // A worker whose environment fails stops every trial it runs (each is released) and claims no more.
        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        // Dedicated threads (LongRunning): trials block for minutes, and the thread pool must stay free for heartbeats.
        var workers = Enumerable.Range(0, _options.Parallel).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                WorkLoop(study, threads, observer, tally, stopWorker);
            }
            catch
            {
                stopWorker.Cancel(); // a damaged store (or a bug) stops every loop of this worker, not just this one
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(workers, CancellationToken.None);
        }
        catch (AggregateException e)
        {
            // The first loop's own exception, as if it had been thrown here (a StoreException stays one).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }

        var after = _store.Results.Trials(studyId);
        return new StudyRunSummary(after.Count, after.Count(t => t.Status.IsFinished()), tally.RanNow, tally.Failed, cancel.IsCancellationRequested)
        {
            EnvironmentProblem = tally.EnvironmentProblem,
        };
    }

    /// <summary>What the loops of one <see cref="Run"/> did, counted across them.</summary>
    private sealed class Tally
    {
        public int RanNow;
        public int Failed;
        public string? EnvironmentProblem;
    }

    /// <summary>One of the worker's loops: claims a trial, runs it, and again, until nothing is left or it is told to stop.</summary>
    private void WorkLoop(StudyRow study, int threads, IStudyObserver observer, Tally tally, CancellationTokenSource stopWorker)
    {
        long studyId = study.Id;
        var stop = stopWorker.Token;
        // Forks found waiting for their trunk: passed over while other trials can run, looked at again after a poll.
        var notReady = new HashSet<long>();
        while (!stop.IsCancellationRequested)
        {
            TrialClaim? claim;
            try
            {
                claim = _store.Queue.Claim(studyId, _options.Worker, _options.Lease, WorkerIdentity.IsDeadLocalWorker, _options.MaxAttempts, notReady);
            }
            catch (Exception e) when (StoreUnreachable(e))
            {
                Pause(stop); // the store is down or cut off: wait for it
                continue;
            }

            if (claim is null)
            {
                try
                {
                    if (ProposeNext(study)) continue; // a Bayesian search's next setting is now pending
                    if (Promotions.Settle(_store.Queue, study)) continue; // nothing else runs: a waiting trial was promoted
                    if (Racing.RaceRounds.Advance(_store.Queue, study, _options.Worker)) continue; // the race's next seed is now pending
                    if ((study.Racer is not null || study.Pruner is { Promotion: true }) && _store.Results.UnfinishedTrials(studyId) > 0)
                    {
                        // Another loop or worker is finishing this round, or may promote a waiting trial when it reaches a rung.
                        Pause(stop);
                        continue;
                    }
                }
                catch (Exception e) when (StoreUnreachable(e))
                {
                    Pause(stop);
                    continue;
                }

                if (notReady.Count == 0 && (!_options.WaitForOthers || _store.Results.UnfinishedTrials(studyId) == 0)) return;
                notReady.Clear();
                Pause(stop);
                continue;
            }

            if (stop.IsCancellationRequested)
            {
                _store.Queue.Release(claim); // cancelled while claiming: give it straight back
                return;
            }

            TrialOutcome outcome;
            try
            {
                outcome = RunTrial(claim, threads, observer, stop);
            }
            catch (Exception e) when (StoreUnreachable(e))
            {
                // The result could not be written (nor the failure recorded). The trial keeps its checkpoint and
                // stays claimed until the lease runs out; then it is claimed again and resumes, here or elsewhere.
                observer.OnTrialEnd(claim, TrialEnding.StoreUnreachable, null);
                Pause(stop);
                continue;
            }

            if (outcome == TrialOutcome.NotReady) notReady.Add(claim.Trial.Id);
            else notReady.Clear(); // a trial ended: a trunk may have reached more snapshots
            if (outcome == TrialOutcome.Finished) Interlocked.Increment(ref tally.RanNow);
            if (outcome == TrialOutcome.Failed) Interlocked.Increment(ref tally.Failed);
            if (outcome == TrialOutcome.WorkerFailed)
            {
                Interlocked.CompareExchange(ref tally.EnvironmentProblem, _lastEnvironmentProblem ?? "this worker's environment failed", null);
                stopWorker.Cancel();
            }
        }
    }

    /// <summary>
    /// Adds the next setting of the study's Bayesian searches, when one has settings left (<see cref="Search.SearchProposals"/>,
    /// under the store's lock); false when there is nothing to propose.
    /// </summary>
    private bool ProposeNext(StudyRow study)
    {
        if (study.Searches.Count == 0) return false;
        var tasks = _store.Results.Tasks();
        return _store.Queue.UnderStudyLock(study.Id, held =>
        {
            var trials = held.Trials();
            var task = tasks.FirstOrDefault(t => t.Id == trials.FirstOrDefault()?.TaskId);
            if (task is null) return false;
            var added = new Search.SearchProposals(study, task.StepsPerEpoch).Next(trials, held.Evaluations());
            held.AddTrials(added);
            return added.Count > 0;
        });
    }

    /// <summary>
    /// A stored pruner or sampler this LRBench does not know (a damaged store, or one written by a newer release) is
    /// refused before any trial is claimed: the store only checks their shape, the registries know their rules.
    /// </summary>
    private void RefuseUnknownRules(StudyRow study)
    {
        if (study.Pruner is { } pruner && Pruners.Problem(pruner) is { } problem)
            throw new StoreException($"study {study.Id} in {_store.Location.Display} is damaged: its pruner: {problem}");
        if (study.Searches.FirstOrDefault(s => Search.Samplers.Find(s.Sampler) is null) is { } search)
            throw new StoreException($"study {study.Id} in {_store.Location.Display} is damaged: search '{search.Id}' names sampler '{search.Sampler}'; known: {string.Join(", ", Search.Samplers.All.Select(s => s.Name))}");
    }

    /// <summary>Waits one poll interval on the runner's clock, or until cancelled.</summary>
    private void Pause(CancellationToken cancel)
    {
        try
        {
            Task.Delay(_options.Poll, _time, cancel).Wait(CancellationToken.None);
        }
        catch (AggregateException e) when (e.InnerException is TaskCanceledException)
        {
            // cancelled: the caller's loop sees it
        }
    }

    /// <summary>A trial's checkpoint folder, OUTPUTS/trials/KEY; the key comes from the store, so it must stay inside.</summary>
    private string TrialDirectory(string trialKey) => ContainedPath.Combine(_options.OutputDirectory, "trials", trialKey);

    /// <summary>
    /// Checkpoints under the output folder that belong to another run (the same study name with another task, in a
    /// new store) would make every trial fail; they are named before anything runs, and left where they are.
    /// </summary>
    private void RefuseForeignCheckpoints(IReadOnlyList<TrialRow> trials)
    {
        foreach (var row in trials.Where(t => !t.Status.IsFinished()))
        {
            if (Trainer.CheckpointConflict(row.Trial.ForRun(TrialDirectory(row.TrialKey))) is string problem)
                throw new InvalidDataException($"{problem}; give this study another output directory (RunnerOptions.OutputDirectory) or remove that folder");
        }
    }

    /// <summary>
    /// What a failed attempt left: failed when it was the trial's last allowed failure, else an attempt failed (the
    /// trial is pending again and will be retried), so that progress counts trials, not attempts.
    /// </summary>
    private TrialEnding StatusAfterFailure(TrialClaim claim) =>
        _store.Results.Trial(claim.Trial.Id)?.Status == TrialStatus.Failed ? TrialEnding.Failed : TrialEnding.AttemptFailed;

    /// <summary>Errors that mean the store could not be reached (server down, network cut), not that the trial is bad.</summary>
    private static bool StoreUnreachable(Exception e) =>
        e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException
        || (e.InnerException is { } inner && StoreUnreachable(inner));

    private enum TrialOutcome
    {
        Finished,
        Released,
        Failed,
        Lost,
        NotReady,
        WorkerFailed,
        Paused,
    }

    /// <summary>What broke this worker's environment, as the trial that found it said (read when the worker stops).</summary>
    private volatile string? _lastEnvironmentProblem;

    private TrialOutcome RunTrial(TrialClaim claim, int threads, IStudyObserver observer, CancellationToken cancel)
    {
        var trial = claim.Trial.Trial;
        string checkpoints = TrialDirectory(trial.Key);
        if (WaitingForTrunk(claim, checkpoints, observer) is { } outcome) return outcome;
        if (_options.TrialProcesses is { } launcher) return RunTrialProcess(launcher, claim, threads, observer, cancel);
        _store.Queue.SetCheckpointDirectory(claim, checkpoints);
        if (_options.StoreCheckpoints) RestoreCheckpoint(claim, checkpoints, observer);
        var lease = new LeaseKeeper(() => _store.Queue.Heartbeat(claim, _options.Lease), _options.Lease, fences: _store.ServesManyMachines, _time);
        using var heartbeat = _time.CreateTimer(_ => lease.Beat(), null, _options.Lease / 4, _options.Lease / 4);

        using var stopThis = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            trial.CheckKey();
            // Threads are set by each trainer on its own thread: TorchSharp's intra-op thread count is per calling thread.
            var options = trial.ForRun(checkpoints, threads);
            var trainer = new Trainer(_options.Tasks.For(trial.Training), _options.Device is { } device ? options with { Device = device } : options);
            var study = _store.Results.Study(claim.Trial.StudyId);
            var judge = JudgeFor(claim, study, stopThis);
            var tensorBoard = _options.TensorBoardDirectory is string tb && study is not null
                ? new LRBench.Training.Tracking.TensorBoardObserver(ContainedPath.Combine(tb, study.Name, TensorBoardRunName(claim.Trial)))
                : null;
            var result = trainer.Train(new TrialObserver(_store.Queue, claim, observer, lease, stopThis, judge, tensorBoard, _options.StoreCheckpoints), resume: true, stopThis.Token);
            heartbeat.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (result.Status == RunStatus.Interrupted && judge is { PausedAtRung: { } rung } && !lease.Lost)
            {
                bool written = _store.Queue.Pause(claim, result, Environment.MachineName, WorkerIdentity.Versions, rung.Index);
                observer.OnTrialEnd(claim, written ? TrialEnding.Paused : TrialEnding.Fenced, result.Final);
                return written ? TrialOutcome.Paused : TrialOutcome.Lost;
            }

            if (result.Status == RunStatus.Interrupted && judge is { Pruned: true } && !lease.Lost)
            {
                if (!_store.Queue.Finish(claim, result, Environment.MachineName, WorkerIdentity.Versions, pruned: true))
                {
                    observer.OnTrialEnd(claim, TrialEnding.Fenced, result.Final);
                    return TrialOutcome.Lost;
                }

                observer.OnTrialEnd(claim, TrialEnding.Pruned, result.Final);
                return TrialOutcome.Finished;
            }

            if (result.Status == RunStatus.Interrupted)
            {
                bool wasLost = lease.Lost || judge is { Stale: true };
                if (!wasLost) _store.Queue.Release(claim);
                observer.OnTrialEnd(claim, lease.Lost ? TrialEnding.Lost : judge is { Stale: true } ? TrialEnding.Fenced : TrialEnding.Interrupted, result.Final);
                return wasLost ? TrialOutcome.Lost : TrialOutcome.Released;
            }

            if (!_store.Queue.Finish(claim, result, Environment.MachineName, WorkerIdentity.Versions))
            {
                observer.OnTrialEnd(claim, TrialEnding.Fenced, result.Final);
                return TrialOutcome.Lost;
            }

            observer.OnTrialEnd(claim, result.Status == RunStatus.Diverged ? TrialEnding.Diverged : TrialEnding.Completed, result.Final);
            return TrialOutcome.Finished;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !StoreUnreachable(e) && WorkerEnvironment.Blames(e, _options) is string problem)
        {
            // The worker's fault, not the trial's: give the trial back with its attempts intact, and stop.
            heartbeat.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _lastEnvironmentProblem = problem;
            if (!lease.Lost) _store.Queue.Release(claim);
            observer.OnTrialEnd(claim, TrialEnding.WorkerFailed, null);
            return TrialOutcome.WorkerFailed;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !StoreUnreachable(e))
        {
            heartbeat.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _store.Queue.Fail(claim, $"{e.GetType().Name}: {e.Message}", _options.MaxFailures);
            observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
            return TrialOutcome.Failed;
        }
    }

    /// <summary>
    /// A fork starts from its trunk's snapshot. Claimed before the trunk got there, it is given back (the caller waits
    /// a poll interval before claiming again); if the trunk ended without reaching it, the fork fails with the reason.
    /// Null when the trial can run now.
    /// </summary>
    private TrialOutcome? WaitingForTrunk(TrialClaim claim, string checkpoints, IStudyObserver observer)
    {
        var trial = claim.Trial.Trial;
        string? snapshot = trial.StartFromDirectory(checkpoints);
        if (snapshot is null || Trainer.HasCheckpoint(snapshot) || Trainer.HasCheckpoint(checkpoints)) return null;
        var trunk = _store.Results.Trials(claim.Trial.StudyId).FirstOrDefault(t => t.TrialKey == trial.TrunkKey);
        if (trunk is not null && trunk.Status.IsFinished())
        {
            _store.Queue.Fail(claim, $"its trunk '{trunk.Label}' ended ({trunk.Status.ToText()}) without a snapshot at step {trial.Curve?.StartFromStep} in {snapshot}", 1);
            observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
            return TrialOutcome.Failed;
        }

        _store.Queue.Release(claim);
        return TrialOutcome.NotReady;
    }

    /// <summary>The study's pruner watching this trial's rungs, or null when the study has none (or the trial no rungs).</summary>
    private RungJudge? JudgeFor(TrialClaim claim, StudyRow? study, CancellationTokenSource stop)
    {
        if (claim.Trial.Trial.Rungs.Count == 0) return null;
        return study?.Pruner is { } pruner ? new RungJudge(_store.Queue, claim, pruner, study.Metric, stop) : null;
    }

    /// <summary>A trial's TensorBoard run folder: label, method and seed, and its key's first 8 characters.</summary>
    internal static string TensorBoardRunName(TrialRow trial) =>
        LRBench.Training.Tracking.TensorBoardObserver.RunName(trial.Label, trial.Method, trial.Seed) + "_" + trial.TrialKey[..Math.Min(8, trial.TrialKey.Length)];
}
