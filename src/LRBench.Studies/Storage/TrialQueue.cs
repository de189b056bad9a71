using System.Data.Common;
using System.Text.Json;
using Dapper;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Suites;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Training.Engine;
using LRBench.Training.Tasks;

namespace LRBench.Studies.Storage;

/// <summary>
/// The write side of the store: studies and their trials are registered, then each trial is claimed under a lease,
/// kept by heartbeats, and released, failed or finished. Every write that belongs together is one transaction, and
/// every write about a claimed trial is fenced by its attempt number, so a worker that lost its trial can never
/// overwrite the new attempt.
/// </summary>
public sealed partial class TrialQueue
{
    private readonly StudyStore _store;

    internal TrialQueue(StudyStore store) => _store = store;

    private StoreBackend Backend => _store.Backend;

    /// <summary>The store, as messages name it.</summary>
    internal string StoreDisplay => _store.Location.Display;

    /// <summary>Now, as the store writes timestamps.</summary>
    internal string Now() => _store.Now();

    /// <summary>
    /// Registers a study, its task and its trials in one transaction: a kill or an error leaves either all of them in
    /// the store or none (never a study without trials). Trials already there (by key) are kept as they are. Returns
    /// the study's row; throws a <see cref="StudyConflictException"/> when a study of that name has another definition.
    /// </summary>
    public StudyRow Register(StudyDefinition study, string definitionText, TrainingTask task, IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(definitionText);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(trials);
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        var row = EnsureStudy(c, tx, study, definitionText, task.Objective is LossObjective { Metric: { } m } ? new StudyMetric(m.Name, m.HigherIsBetter) : null);
        long taskId = EnsureTask(c, tx, study.Task, task);
        AddTrials(c, tx, row.Id, taskId, trials);
        tx.Commit();
        return row;
    }

    private StudyRow EnsureStudy(DbConnection c, DbTransaction tx, StudyDefinition study, string definition, StudyMetric? metric)
    {
        var existing = c.QuerySingleOrDefault<StoredStudy>("SELECT * FROM studies WHERE name = @name", new { name = study.Name }, tx);
        if (existing is not null)
        {
            if (existing.Definition != definition)
            {
                throw new StudyConflictException(
                    $"{_store.Location.Display} already holds a study named '{study.Name}' with a different definition; rename the study (its name: field) or use another store");
            }

            return existing.ToRow(_store.Location.Display);
        }

        string kind = study.Tradeoff is null ? StudyKinds.Policies : StudyKinds.Tradeoff;
        string? tradeoff = study.Tradeoff is null ? null : JsonSerializer.Serialize(study.Tradeoff);
        long id = c.ExecuteScalar<long>(
            """
            INSERT INTO studies (name, definition, source_path, target_accuracy, created_at, kind, tradeoff, metric, pruner, search, racer)
            VALUES (@name, @definition, @sourcePath, @targetAccuracy, @now, @kind, @tradeoff, @metricJson, @prunerJson, @searchJson, @racerJson) RETURNING id
            """,
            new
            {
                name = study.Name, definition, sourcePath = study.SourcePath, targetAccuracy = study.TargetAccuracy, now = _store.Now(), kind, tradeoff,
                metricJson = metric is null ? null : JsonSerializer.Serialize(metric),
                prunerJson = study.Pruner is null ? null : StoredPruner.Write(study.Pruner),
                searchJson = study.Searches.Count == 0 ? null : JsonSerializer.Serialize(study.Searches),
                racerJson = study.Racer is null ? null : JsonSerializer.Serialize(study.Racer),
            }, tx);
        return c.QuerySingle<StoredStudy>("SELECT * FROM studies WHERE id = @id", new { id }, tx).ToRow(_store.Location.Display);
    }

    /// <summary>
    /// The task's row: its definition's key, and what the data is (for recommendations across studies). Image tasks
    /// store channels, height and width; other inputs their first three sample dimensions (1 where there are fewer);
    /// tasks that are not classification store 0 classes.
    /// </summary>
    private static long EnsureTask(DbConnection c, DbTransaction tx, TaskDefinition task, TrainingTask data)
    {
        string key = task.Key;
        long? id = c.QuerySingleOrDefault<long?>("SELECT id FROM tasks WHERE task_key = @key", new { key }, tx);
        if (id is null)
        {
            var row = TaskRow.Describe(task.Model, task.ModelFamily, task.Optimizer.Name, task.BatchSize, task.Budget.ToString(), data);
            id = c.ExecuteScalar<long>(
                """
                INSERT INTO tasks (task_key, dataset, model, model_family, optimizer, batch_size, budget, channels, height, width, classes, train_samples)
                VALUES (@key, @Dataset, @Model, @ModelFamily, @Optimizer, @BatchSize, @Budget, @Channels, @Height, @Width, @Classes, @TrainSamples) RETURNING id
                """,
                new
                {
                    key, row.Dataset, row.Model, row.ModelFamily, row.Optimizer, row.BatchSize, row.Budget,
                    row.Channels, row.Height, row.Width, row.Classes, row.TrainSamples,
                }, tx);
        }

        return id.Value;
    }

    /// <summary>
    /// Adds the trials not in the store yet (by key). The value goes into the trial column; the columns that repeat
    /// parts of it (label, spec, method, seed, curve) are kept for people who query the store with SQL.
    /// </summary>
    internal static void AddTrials(DbConnection c, DbTransaction tx, long studyId, long? taskId, IReadOnlyList<Trial> trials, int firstOrdinal = 0)
    {
        for (int i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            c.Execute(
                """
                INSERT INTO trials (study_id, task_id, trial_key, ordinal, label, policy_function, policy_spec, parameters, method, label_smoothing, mixup, seed, status, curve, trial)
                VALUES (@studyId, @taskId, @key, @ordinal, @label, @function, @spec, @parameters, @method, @ls, @mixup, @seed, 'pending', @curve, @trial)
                ON CONFLICT (study_id, trial_key) DO NOTHING
                """,
                new
                {
                    studyId,
                    taskId,
                    key = t.Key,
                    ordinal = firstOrdinal + i,
                    label = t.Label,
                    function = t.Function,
                    spec = LRBench.Schedules.Specs.SpecFormatter.ToText(t.Policy),
                    parameters = JsonSerializer.Serialize(t.Parameters),
                    method = t.Method.Name,
                    ls = t.Method.LabelSmoothing,
                    mixup = t.Method.MixupAlpha,
                    seed = t.Seed,
                    curve = t.Curve is { } role ? JsonSerializer.Serialize(role) : null,
                    trial = TrialJson.Write(t),
                }, tx);
        }
    }

    /// <summary>
    /// Claims the next trial of a study for <paramref name="worker"/>: a pending one, or a running one whose lease has
    /// expired or whose worker <paramref name="isAbandoned"/> says is dead. The claim bumps the attempt number, which
    /// fences every later write of the previous holder. A trial taken over <paramref name="maxAttempts"/> times
    /// without finishing is marked failed instead (its workers keep dying on it). Null when nothing is claimable now.
    /// Trials in <paramref name="passOver"/> are not claimed now (forks waiting for their trunk's snapshot).
    /// </summary>
    public TrialClaim? Claim(long studyId, string worker, TimeSpan lease, Func<TrialRow, bool>? isAbandoned = null, int maxAttempts = 5, IReadOnlySet<long>? passOver = null) =>
        _store.Reading(() => ClaimChecked(studyId, worker, lease, isAbandoned, maxAttempts, passOver));

    private TrialClaim? ClaimChecked(long studyId, string worker, TimeSpan lease, Func<TrialRow, bool>? isAbandoned, int maxAttempts, IReadOnlySet<long>? passOver)
    {
        long[] skip = passOver is null ? [] : [.. passOver];
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lease, MaxLease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        while (true)
        {
            using var c = _store.Connect();
            using var tx = Backend.ClaimsInTransaction ? c.BeginTransaction() : null;
            long now = Backend.LeaseClockMs(c, tx);
            var next = Backend.LockNextClaimable(c, tx, studyId, now, skip)?.ToRow(_store.Location.Display);
            List<StoredTrial> live = [];
            if (next is null)
            {
                // Only the row picked is turned into a checked value (its trial JSON parsed): a claim in a study of
                // thousands of pending trials reads their columns, not every value. Live running rows, at most one
                // per worker, are checked when the caller must judge whether their worker is dead.
                var candidates = c.Query<StoredTrial>(
                    $"SELECT * FROM trials WHERE study_id = @studyId AND status IN ('pending', 'running') ORDER BY {StoreBackend.ClaimOrder}",
                    new { studyId }, tx);
                live = candidates.ToList();
                next = live.Where(t => !skip.Contains(t.Id))
                    .Select(t => t.Status == "pending" || t.LeaseExpiresMs < now ? t.ToRow(_store.Location.Display) : isAbandoned is not null && t.ToRow(_store.Location.Display) is { } row && isAbandoned(row) ? row : null)
                    .FirstOrDefault(t => t is not null);
            }

            if (next is null)
            {
                // Nothing claimable now: a trial held by a lease no worker could have written would be waited for
                // forever, so it is named instead (the other trials ran first).
                if (live.FirstOrDefault(t => LeaseBeyondBound(t, now)) is { } damaged) throw DamagedLease(damaged, now);
                return null;
            }

            if (next.Status == TrialStatus.Running && next.Attempts - next.AttemptsAtRetry >= maxAttempts)
            {
                string error = $"abandoned {next.Attempts - next.AttemptsAtRetry} times (last worker {next.Worker}): every attempt's worker died or lost its lease";
                if (c.Execute(
                    """
                    UPDATE trials SET status = 'failed', worker = NULL, lease_expires_ms = NULL, lease_ms = NULL, error = @error
                    WHERE id = @id AND attempts = @seen AND status = 'running'
                    """,
                    new { error, id = next.Id, seen = next.Attempts }, tx) == 1)
                {
                    RecordFailure(c, tx, next.Id, next.Attempts, next.Worker, error);
                }

                tx?.Commit();
                continue;
            }

            int attempt = next.Attempts + 1;
            int updated = c.Execute(
                """
                UPDATE trials SET status = 'running', attempts = @attempt, worker = @worker, lease_expires_ms = @lease, lease_ms = @leaseMs, started_at = @now
                WHERE id = @id AND attempts = @seen AND status = @status
                """,
                new { attempt, worker, lease = now + (long)lease.TotalMilliseconds, leaseMs = (long)lease.TotalMilliseconds, now = _store.Now(), id = next.Id, seen = next.Attempts, status = next.Status.ToText() }, tx);
            tx?.Commit();
            if (updated == 1) return new TrialClaim(next with { Status = TrialStatus.Running, Attempts = attempt, Worker = worker }, attempt);

            // Someone else took it between the read and the update: look again.
        }
    }

    /// <summary>Extends the lease; false when the trial is no longer this attempt's (it was taken over).</summary>
    public bool Heartbeat(TrialClaim claim, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = _store.Connect();
        return c.Execute(
            $"UPDATE trials SET lease_expires_ms = {Backend.LeaseExpirySql}, lease_ms = @leaseMs WHERE id = @id AND attempts = @attempt AND status = 'running'",
            new { now = _store.Time.GetUtcNow().ToUnixTimeMilliseconds(), leaseMs = (long)lease.TotalMilliseconds, id = claim.Trial.Id, attempt = claim.Attempt }) == 1;
    }

    /// <summary>Records where a trial keeps its checkpoints (so another worker can resume it).</summary>
    public void SetCheckpointDirectory(TrialClaim claim, string directory)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = _store.Connect();
        c.Execute("UPDATE trials SET checkpoint_dir = @directory WHERE id = @id AND attempts = @attempt",
            new { directory, id = claim.Trial.Id, attempt = claim.Attempt });
    }

    /// <summary>The range test a study's placeholders were filled from, kept once (a later run of the study keeps the first).</summary>
    public void RecordRangeTest(long studyId, RangeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var c = _store.Connect();
        c.Execute("INSERT INTO range_tests (study_id, result) VALUES (@studyId, @json) ON CONFLICT (study_id) DO NOTHING",
            new { studyId, json = JsonSerializer.Serialize(result, StoredRangeTest.Json) });
    }

    /// <summary>
    /// Records a suite (its workloads' studies, policies and scoring settings) so that the store alone can score it.
    /// A suite run again under the same name replaces what was recorded: the file is the authority, and its studies
    /// refuse changes to what already ran.
    /// </summary>
    public void RecordSuite(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        using var c = _store.Connect();
        c.Execute("INSERT INTO suites (name, definition, recorded_at) VALUES (@name, @json, @now) ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, recorded_at = excluded.recorded_at",
            new { name = suite.Name, json = StoredSuite.Write(suite), now = _store.Now() });
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the study's lock (SQLite's write lock, taken when the
    /// transaction begins; a PostgreSQL advisory lock on the study): pruners' rung decisions and a search's next
    /// setting are taken here, so two workers deciding at once are serialised and the second sees the first's write.
    /// What <paramref name="work"/> writes is committed when it returns; an exception rolls it all back.
    /// </summary>
    public T UnderStudyLock<T>(long studyId, Func<StudyLock, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _store.Reading(() => UnderLock(studyId, work));
    }

    private T UnderLock<T>(long studyId, Func<StudyLock, T> work)
    {
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        Backend.LockStudy(c, tx, studyId);
        var held = new StudyLock(c, tx, this, studyId);
        try
        {
            var result = work(held);
            tx.Commit();
            return result;
        }
        finally
        {
            held.Close();
        }
    }

    /// <summary>The step at which a recorded rung decision stopped the trial, or null (a resumed attempt stops there).</summary>
    public long? StoppedAtStep(long trialId)
    {
        using var c = _store.Connect();
        return c.QuerySingleOrDefault<long?>("SELECT MIN(step) FROM rung_decisions WHERE trial_id = @trialId AND decision = 'stop'", new { trialId });
    }

    /// <summary>
    /// The step of the rung a trial waits at (decision pause), or null: an attempt that resumes from there (its
    /// checkpoint at the rung, written before its worker died) stops at once and pauses again.
    /// </summary>
    public long? PausedAtStep(long trialId)
    {
        using var c = _store.Connect();
        return c.QuerySingleOrDefault<long?>("SELECT MIN(step) FROM rung_decisions WHERE trial_id = @trialId AND decision = 'pause'", new { trialId });
    }

    /// <summary>True while the claim's attempt still owns its running trial (inside the caller's transaction).</summary>
    internal static bool Owns(DbConnection c, DbTransaction tx, TrialClaim claim) =>
        c.ExecuteScalar<long>("SELECT count(*) FROM trials WHERE id = @id AND attempts = @attempt AND status = 'running'",
            new { id = claim.Trial.Id, attempt = claim.Attempt }, tx) == 1;

    /// <summary>Gives an interrupted trial back (it resumes from its checkpoint when claimed again).</summary>
    public void Release(TrialClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = _store.Connect();
        c.Execute("UPDATE trials SET status = 'pending', worker = NULL, lease_expires_ms = NULL, lease_ms = NULL WHERE id = @id AND attempts = @attempt AND status = 'running'",
            new { id = claim.Trial.Id, attempt = claim.Attempt });
    }
}
