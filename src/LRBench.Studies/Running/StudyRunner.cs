using System.Diagnostics;
using System.Globalization;
using LRBench.Studies.Definition;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;

namespace LRBench.Studies.Running;

/// <summary>
/// Runs a study's trials against a store: registers the study and its trials (idempotently), then claims and trains
/// trials until none is left, several at once. Run it again after a crash or Ctrl-C: finished trials are kept,
/// unfinished ones resume from their last checkpoint, and nothing is run twice.
/// </summary>
public sealed class StudyRunner
{
    private readonly StudyStore _store;
    private StudyDefinition _study;
    private readonly string _definitionText;
    private readonly RunnerOptions _options;

    /// <summary>A runner for <paramref name="study"/> in <paramref name="store"/>; <paramref name="definitionText"/> is the study file's text, stored so that workers elsewhere can rebuild it.</summary>
    public StudyRunner(StudyStore store, StudyDefinition study, string definitionText, RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallel < 1) throw new ArgumentException($"parallel must be at least 1, got {options.Parallel}");
        _store = store;
        _study = study;
        _definitionText = definitionText;
        _options = options;
    }

    /// <summary>The values the range test gave the study's placeholders, when it has any.</summary>
    public IReadOnlyDictionary<string, double>? RangeTestValues { get; private set; }

    /// <summary>Registers the study and its trials without running anything; returns the study's id.</summary>
    public long Submit(DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Prepare(data);
        ValidateAgainstData(data);
        var row = _store.Register(_study.Name, _definitionText, _study.SourcePath, _study.TargetAccuracy, _study.Task, data, _study.Trials());
        return row.Id;
    }

    /// <summary>Registers the study if needed and runs every unfinished trial, resuming from checkpoints; Ctrl-C (<paramref name="cancel"/>) stops after checkpointing.</summary>
    public StudyRunSummary Run(IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        observer ??= new NullObserver();
        var data = DataCatalogue.Load(_study.Task.Data);
        long studyId = Submit(data);
        var before = _store.Trials(studyId);
        RefuseForeignCheckpoints(before);
        observer.OnStudyStart(_study.Name, before.Count, before.Count(t => TrialStatus.IsFinished(t.Status)));

        int threads = _options.ThreadsPerTrial ?? Math.Max(1, Environment.ProcessorCount / _options.Parallel);
        var plans = _study.Trials().ToDictionary(t => t.Key);
        int ranNow = 0, failed = 0;
        // Dedicated threads (LongRunning): trials block for minutes, and the thread pool must stay free for heartbeats.
        var workers = Enumerable.Range(0, _options.Parallel).Select(_ => Task.Factory.StartNew(() =>
        {
            // Forks found waiting for their trunk: passed over while other trials can run, looked at again after a poll.
            var notReady = new HashSet<long>();
            while (!cancel.IsCancellationRequested)
            {
                TrialClaim? claim;
                try
                {
                    claim = _store.Claim(studyId, _options.Worker, _options.Lease, WorkerIdentity.IsDeadLocalWorker, _options.MaxAttempts, notReady);
                }
                catch (Exception e) when (StoreUnreachable(e))
                {
                    cancel.WaitHandle.WaitOne(_options.Poll); // the store is down or cut off: wait for it
                    continue;
                }

                if (claim is null)
                {
                    if (notReady.Count == 0 && (!_options.WaitForOthers || _store.Trials(studyId).All(t => TrialStatus.IsFinished(t.Status)))) return;
                    notReady.Clear();
                    cancel.WaitHandle.WaitOne(_options.Poll);
                    continue;
                }

                if (cancel.IsCancellationRequested)
                {
                    _store.Release(claim); // cancelled while claiming: give it straight back
                    return;
                }

                TrialOutcome outcome;
                try
                {
                    outcome = RunTrial(claim, plans, data, threads, observer, cancel);
                }
                catch (Exception e) when (StoreUnreachable(e))
                {
                    // The result could not be written (nor the failure recorded). The trial keeps its checkpoint and
                    // stays claimed until the lease runs out; then it is claimed again and resumes, here or elsewhere.
                    observer.OnTrialEnd(claim, "store unreachable", null);
                    cancel.WaitHandle.WaitOne(_options.Poll);
                    continue;
                }

                if (outcome == TrialOutcome.NotReady) notReady.Add(claim.Trial.Id);
                else notReady.Clear(); // a trial ended: a trunk may have reached more snapshots
                if (outcome == TrialOutcome.Finished) Interlocked.Increment(ref ranNow);
                if (outcome == TrialOutcome.Failed) Interlocked.Increment(ref failed);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers, CancellationToken.None);

        var after = _store.Trials(studyId);
        return new StudyRunSummary(after.Count, after.Count(t => TrialStatus.IsFinished(t.Status)), ranNow, failed, cancel.IsCancellationRequested);
    }

    /// <summary>A trial's checkpoint folder, OUTPUTS/trials/KEY; the key comes from the store, so it must stay inside.</summary>
    private string TrialDirectory(string trialKey) => ContainedPath.Combine(_options.OutputDirectory, "trials", trialKey);

    /// <summary>
    /// Checkpoints under the output folder that belong to another run (the same study name with another task, in a
    /// new store) would make every trial fail; they are named before anything runs, and left where they are.
    /// </summary>
    private void RefuseForeignCheckpoints(IReadOnlyList<TrialRow> trials)
    {
        var plans = _study.Trials().ToDictionary(t => t.Key);
        foreach (var trial in trials.Where(t => !TrialStatus.IsFinished(t.Status)))
        {
            if (!plans.TryGetValue(trial.TrialKey, out var plan)) continue;
            var options = plan.ToTrainingOptions(_study.Task, TrialDirectory(trial.TrialKey));
            if (Trainer.CheckpointConflict(options) is string problem)
                throw new InvalidDataException($"{problem}; give this study another output folder (--out) or remove that folder");
        }
    }

    /// <summary>
    /// What a failed attempt left: "failed" when it was the trial's last allowed failure, else "attempt failed" (the
    /// trial is pending again and will be retried), so that progress counts trials, not attempts.
    /// </summary>
    private string StatusAfterFailure(TrialClaim claim) =>
        _store.Trial(claim.Trial.Id)?.Status == TrialStatus.Failed ? TrialStatus.Failed : "attempt failed";

    /// <summary>Errors that mean the store could not be reached (server down, network cut), not that the trial is bad.</summary>
    private static bool StoreUnreachable(Exception e) =>
        e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException
        || (e.InnerException is { } inner && StoreUnreachable(inner));

    /// <summary>The study as its trials are known once the data is: range-test placeholders filled, tradeoff curves laid out in steps.</summary>
    public StudyDefinition Prepare(DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_study.NeedsRangeTest) _study = _study.Resolve(RangeTestFirst(data));
        _study = _study.ForEpochLength(Trainer.StepsPerEpochFor(data.Train.Count, _study.Task.BatchSize));
        return _study;
    }

    /// <summary>
    /// Runs the study's range test once and keeps its values in OUTPUTS/range-test.json: every later run (a resume,
    /// another worker with the same outputs) reuses them, so the filled-in specs, and with them the trial keys, never
    /// change under a study.
    /// </summary>
    private Dictionary<string, double> RangeTestFirst(DataBundle data)
    {
        string file = Path.Combine(_options.OutputDirectory, "range-test.json");
        if (File.Exists(file))
        {
            Dictionary<string, double>? stored;
            try
            {
                stored = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(file));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new InvalidDataException($"{file} is damaged ({e.Message}); it should hold the range test's values as {{\"name\": number}}. Delete it to run the range test again.", e);
            }

            if (stored is null || stored.Count == 0 || stored.Values.Any(v => !double.IsFinite(v) || v <= 0))
                throw new InvalidDataException($"{file} holds no usable range-test values (positive numbers by name); delete it to run the range test again");
            RangeTestValues = stored;
            return stored;
        }

        var rt = _study.RangeTest ?? new StudyRangeTest();
        long stepsPerEpoch = Trainer.StepsPerEpochFor(data.Train.Count, _study.Task.BatchSize);
        var sweep = new Analysis.RangeTestOptions { StartLr = rt.StartLr, EndLr = rt.EndLr, Steps = rt.Steps ?? stepsPerEpoch, Linear = rt.Linear };
        var task = new TrainingOptions
        {
            Model = _study.Task.Model,
            Optimizer = _study.Task.Optimizer,
            BatchSize = _study.Task.BatchSize,
            Seed = _study.Seeds[0],
            Threads = Environment.ProcessorCount,
        };
        var result = Analysis.RangeTest.Run(task, data, sweep);
        var values = Reports.RangeTestReport.Values(result);
        Reports.RangeTestReport.Write(result, _options.OutputDirectory);
        string tmp = file + ".tmp";
        File.WriteAllText(tmp, System.Text.Json.JsonSerializer.Serialize(values));
        File.Move(tmp, file, overwrite: true);
        RangeTestValues = values;
        return values;
    }

    /// <summary>Compiles every policy against the real clock (steps per epoch of the loaded data) before any training.</summary>
    private void ValidateAgainstData(DataBundle data)
    {
        foreach (var plan in _study.Trials().DistinctBy(t => (t.Policy.Spec, t.Method)))
        {
            try
            {
                _ = new Trainer(plan.ToTrainingOptions(_study.Task, _options.OutputDirectory), data);
            }
            catch (Exception e) when (e is ArgumentException or LRBench.Schedules.SpecException)
            {
                throw new StudyFileException($"{_study.SourcePath}:{plan.Policy.Line}: {plan.Policy.Spec}: {e.Message}", e);
            }
        }
    }

    private enum TrialOutcome
    {
        Finished,
        Released,
        Failed,
        Lost,
        NotReady,
    }

    private TrialOutcome RunTrial(TrialClaim claim, Dictionary<string, TrialPlan> plans, DataBundle data, int threads, IStudyObserver observer, CancellationToken cancel)
    {
        if (!plans.TryGetValue(claim.Trial.TrialKey, out var plan))
        {
            _store.Fail(claim, "the study file no longer defines this trial", 1);
            return TrialOutcome.Failed;
        }

        string checkpoints = TrialDirectory(claim.Trial.TrialKey);
        if (WaitingForTrunk(claim, plan, checkpoints, observer) is { } outcome) return outcome;
        if (_options.TrialProcesses is { } launcher) return RunTrialProcess(launcher, claim, threads, observer, cancel);
        _store.SetCheckpointDirectory(claim, checkpoints);
        var lease = new LeaseKeeper(_store, claim, _options.Lease);
        using var heartbeat = new Timer(_ => lease.Beat(), null, _options.Lease / 4, _options.Lease / 4);

        using var stopThis = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            // Threads are set by each trainer on its own thread: TorchSharp's intra-op thread count is per calling thread.
            var trainer = new Trainer(plan.ToTrainingOptions(_study.Task, checkpoints, threads), data);
            var result = trainer.Train(new TrialObserver(claim, observer, lease, stopThis), resume: true, stopThis.Token);
            heartbeat.Change(Timeout.Infinite, Timeout.Infinite);
            if (result.Status == RunStatus.Interrupted)
            {
                bool wasLost = lease.Lost;
                if (!wasLost) _store.Release(claim);
                observer.OnTrialEnd(claim, wasLost ? "lost" : "interrupted", result.Final);
                return wasLost ? TrialOutcome.Lost : TrialOutcome.Released;
            }

            if (!_store.Finish(claim, result, Environment.MachineName, WorkerIdentity.Versions))
            {
                observer.OnTrialEnd(claim, "lost", result.Final);
                return TrialOutcome.Lost;
            }

            observer.OnTrialEnd(claim, result.Status == RunStatus.Diverged ? TrialStatus.Diverged : TrialStatus.Completed, result.Final);
            return TrialOutcome.Finished;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !StoreUnreachable(e))
        {
            heartbeat.Change(Timeout.Infinite, Timeout.Infinite);
            _store.Fail(claim, $"{e.GetType().Name}: {e.Message}", _options.MaxFailures);
            observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
            return TrialOutcome.Failed;
        }
    }

    /// <summary>
    /// Runs a claimed trial in this process on behalf of a parent worker (<c>lrbench trial</c>): the child side of
    /// <see cref="RunnerOptions.TrialProcesses"/>. It heartbeats, trains, and writes the result itself; the exit code
    /// tells the parent what happened (<see cref="TrialExitCodes"/>).
    /// </summary>
    public int RunClaimed(TrialClaim claim, int threads, IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var data = DataCatalogue.Load(_study.Task.Data);
        Prepare(data);
        var plans = _study.Trials().ToDictionary(t => t.Key);
        return RunTrial(claim, plans, data, threads, observer ?? new NullObserver(), cancel) switch
        {
            TrialOutcome.Finished => TrialExitCodes.Finished,
            TrialOutcome.Lost => TrialExitCodes.Lost,
            TrialOutcome.Released or TrialOutcome.NotReady => TrialExitCodes.Released,
            _ => TrialExitCodes.Failed,
        };
    }

    /// <summary>The parent side: starts the child, forwards what it prints, and records a crash as one failure.</summary>
    private TrialOutcome RunTrialProcess(ITrialProcessLauncher launcher, TrialClaim claim, int threads, IStudyObserver observer, CancellationToken cancel)
    {
        var tail = new Queue<string>();
        int code = launcher.Run(claim, _options, threads, line =>
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 5) tail.Dequeue();
            }

            observer.OnTrialOutput(claim, line);
        }, cancel);
        switch (code)
        {
            case TrialExitCodes.Finished:
                observer.OnTrialEnd(claim, _store.Trial(claim.Trial.Id)?.Status ?? TrialStatus.Completed, null);
                return TrialOutcome.Finished;
            case TrialExitCodes.Lost:
                observer.OnTrialEnd(claim, "lost", null);
                return TrialOutcome.Lost;
            case TrialExitCodes.Released:
                _store.Release(claim); // a no-op when the child already gave it back
                observer.OnTrialEnd(claim, "interrupted", null);
                return TrialOutcome.Released;
            case TrialExitCodes.Failed:
                observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
                return TrialOutcome.Failed;
            default:
                // The process died without a word to the store (killed, crashed): one failure; the checkpoint stays.
                string last;
                lock (tail) last = string.Join(" | ", tail);
                string reason = string.Create(CultureInfo.InvariantCulture, $"the trial's process exited with code {code}");
                _store.Fail(claim, last.Length > 0 ? $"{reason}; its last output: {last}" : reason, _options.MaxFailures);
                observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
                return TrialOutcome.Failed;
        }
    }

    /// <summary>
    /// A fork starts from its trunk's snapshot. Claimed before the trunk got there, it is given back (the caller waits
    /// a poll interval before claiming again); if the trunk ended without reaching it, the fork fails with the reason.
    /// Null when the trial can run now.
    /// </summary>
    private TrialOutcome? WaitingForTrunk(TrialClaim claim, TrialPlan plan, string checkpoints, IStudyObserver observer)
    {
        string? snapshot = plan.StartFromDirectory(checkpoints);
        if (snapshot is null || Trainer.HasCheckpoint(snapshot) || Trainer.HasCheckpoint(checkpoints)) return null;
        var trunk = _store.Trials(claim.Trial.StudyId).FirstOrDefault(t => t.TrialKey == plan.StartFromKey);
        if (trunk is not null && TrialStatus.IsFinished(trunk.Status))
        {
            _store.Fail(claim, $"its trunk '{trunk.Label}' ended ({trunk.Status}) without a snapshot at step {plan.Policy.Curve?.StartFromStep} in {snapshot}", 1);
            observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
            return TrialOutcome.Failed;
        }

        _store.Release(claim);
        return TrialOutcome.NotReady;
    }

    /// <summary>
    /// Keeps a trial's lease alive and knows when it may be gone. The lease is lost when a heartbeat finds the trial
    /// taken over. On a shared (PostgreSQL) store it is also presumed lost (self-fencing) once heartbeats have failed
    /// and none has reached the store for three quarters of the lease: a worker cut off from the network then stops
    /// before anyone can take its trial over, so two workers never train the same trial into one checkpoint folder.
    /// Only failures count: a heartbeat that is slow or was never sent (this process starved of CPU) fences nothing,
    /// since the store may well still hold the lease. A SQLite store is on this machine, where a failing heartbeat
    /// means a busy file, not a partition, so it never fences.
    /// </summary>
    private sealed class LeaseKeeper(StudyStore store, TrialClaim claim, TimeSpan lease)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _fenceMs = (long)(lease.TotalMilliseconds * 0.75);
        private readonly bool _fences = store.Kind == StoreKind.Postgres;
        private long _confirmedAtMs; // when the last heartbeat that reached the store was sent (the claim counts as one)
        private long _failedAtMs = -1; // when the last heartbeat that failed was sent
        private int _takenOver;

        public void Beat()
        {
            long sentAt = _clock.ElapsedMilliseconds;
            try
            {
                if (store.Heartbeat(claim, lease)) Interlocked.Exchange(ref _confirmedAtMs, sentAt);
                else Volatile.Write(ref _takenOver, 1);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // A missed heartbeat is not fatal; the next one may get through before the lease ends.
                Interlocked.Exchange(ref _failedAtMs, sentAt);
            }
        }

        public bool Lost
        {
            get
            {
                if (Volatile.Read(ref _takenOver) == 1) return true;
                long confirmed = Interlocked.Read(ref _confirmedAtMs);
                return _fences && Interlocked.Read(ref _failedAtMs) > confirmed && _clock.ElapsedMilliseconds - confirmed > _fenceMs;
            }
        }
    }

    /// <summary>Forwards progress, stops the trial when its lease is lost, and keeps it from writing checkpoints then.</summary>
    private sealed class TrialObserver(TrialClaim claim, IStudyObserver inner, LeaseKeeper lease, CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnStart(TrainingPlan plan) => inner.OnTrialStart(claim, plan);

        public void OnStep(StepProgress progress)
        {
            if (lease.Lost) stop.Cancel();
            inner.OnTrialStep(claim, progress);
        }

        public bool MayWriteCheckpoint() => !lease.Lost;
    }

    private sealed class NullObserver : IStudyObserver
    {
    }
}
