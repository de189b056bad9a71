using System.Data.Common;
using System.Globalization;
using Dapper;
using LRBench.Studies.Definition;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LRBench.Studies.Storage;

/// <summary>
/// The results database, SQLite or PostgreSQL behind one API and one schema (<see cref="Migrations"/>). Every write
/// that belongs together is one transaction: a trial's results (status, evaluations, trace) appear all at once or not
/// at all, and are fenced by the attempt number, so a worker that lost its trial can never overwrite the new attempt.
/// </summary>
public sealed class StudyStore : IDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    static StudyStore()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private readonly bool _readOnly;

    private StudyStore(StoreLocation location, bool readOnly = false)
    {
        Location = location;
        _readOnly = readOnly;
        if (location.Kind == StoreKind.Postgres) _postgres = NpgsqlDataSource.Create(location.ConnectionString);
    }

    /// <summary>Where the store is (a SQLite file or a PostgreSQL database).</summary>
    public StoreLocation Location { get; }

    /// <summary>SQLite or PostgreSQL.</summary>
    public StoreKind Kind => Location.Kind;

    /// <summary>Opens a store and brings its schema up to date.</summary>
    public static StudyStore Open(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind == StoreKind.Sqlite)
        {
            string file = new SqliteConnectionStringBuilder(location.ConnectionString).DataSource;
            string? dir = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }

        var store = new StudyStore(location);
        try
        {
            store.Migrate();
        }
        catch (Exception e) when (e is SqliteException { SqliteErrorCode: 26 or 11 }) // SQLITE_NOTADB, SQLITE_CORRUPT
        {
            store.Dispose();
            throw new StoreException($"{location.Display} is damaged or not a SQLite database ({e.Message}); LRBench left it as it is", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// Opens an existing store for reading only: nothing is created, migrated or written (a SQLite file is opened
    /// read-only). Throws a <see cref="StoreException"/> naming the store when it is missing, damaged, not an
    /// LRBench store, or of a schema version other than this LRBench's.
    /// </summary>
    public static StudyStore OpenReadOnly(StoreLocation location)
    {
        RequireExisting(location);
        var store = new StudyStore(location, readOnly: true);
        try
        {
            store.CheckSchema();
            return store;
        }
        catch (Exception e)
        {
            store.Dispose();
            if (e is SqliteException se) throw new StoreException($"{location.Display} is damaged or not a SQLite database ({se.Message})", e);
            throw;
        }
    }

    /// <summary>
    /// Throws a <see cref="StoreException"/> when the location is a SQLite file that does not exist, for commands that
    /// work on a store someone made before (opening one for writing would create it).
    /// </summary>
    public static void RequireExisting(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind != StoreKind.Sqlite) return;
        string file = new SqliteConnectionStringBuilder(location.ConnectionString).DataSource;
        if (!File.Exists(file)) throw new StoreException($"no store at {file}; run a study first (lrbench study run FILE) or check --store");
    }

    /// <summary>For reading: the store must hold exactly this LRBench's schema.</summary>
    private void CheckSchema()
    {
        using var c = Connect();
        if (Kind == StoreKind.Sqlite)
        {
            // Scrambled pages show here, with the file named, rather than as a failed query halfway through a table.
            string check = c.ExecuteScalar<string>("PRAGMA quick_check(1)") ?? "";
            if (check != "ok") throw new StoreException($"{Location.Display} is damaged ({check})");
        }

        var applied = AppliedVersions(c, tx: null)
            ?? throw new StoreException($"{Location.Display} is not an LRBench store (it has no schema_migrations table)");
        RefuseNewer(applied, "read");
        if (Migrations.All.Any(m => !applied.Contains(m.Version)))
            throw new StoreException($"{Location.Display} has an older schema (version {(applied.Count == 0 ? 0 : applied.Max())}); a writing command (lrbench study run) upgrades it");
    }

    /// <summary>The schema versions applied to the store; null when it has no schema_migrations table (not LRBench's, or empty).</summary>
    private HashSet<int>? AppliedVersions(DbConnection c, DbTransaction? tx) =>
        TableCount(c, tx, "schema_migrations") == 0 ? null : c.Query<int>("SELECT version FROM schema_migrations", transaction: tx).ToHashSet();

    /// <summary>How many tables of the store's own schema there are (with that name, when one is given).</summary>
    private long TableCount(DbConnection c, DbTransaction? tx, string? name = null) => c.ExecuteScalar<long>(
        Kind == StoreKind.Postgres
            ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND (@name IS NULL OR table_name = @name)"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND (@name IS NULL OR name = @name)",
        new { name }, tx);

    /// <summary>A store written by a newer LRBench is not <paramref name="verb"/>d by this one: its schema may mean other things.</summary>
    private void RefuseNewer(HashSet<int> applied, string verb)
    {
        int newest = Migrations.All.Max(m => m.Version);
        if (applied.Count > 0 && applied.Max() > newest)
            throw new StoreException($"{Location.Display} has schema version {applied.Max()}, newer than this LRBench ({newest}); upgrade LRBench to {verb} it");
    }

    /// <summary>Opens a store from <c>sqlite:PATH</c>, a <c>.db</c> or <c>.sqlite</c> path, a <c>postgresql://</c> URL or an Npgsql connection string, and brings its schema up to date.</summary>
    public static StudyStore Open(string location) => Open(StoreLocation.Parse(location));

    /// <summary>Closes the store's connections.</summary>
    public void Dispose() => _postgres?.Dispose();

    /// <param name="wal">Switch a SQLite file to WAL (a write to the file's header): not before the file is known to be ours.</param>
    internal DbConnection Connect(bool wal = true)
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var c = new SqliteConnection(Location.ConnectionString + ";Default Timeout=60" + (_readOnly ? ";Mode=ReadOnly" : ""));
        c.Open();
        if (_readOnly)
        {
            c.Execute("PRAGMA foreign_keys=ON;");
            return c;
        }

        // WAL lets readers work while a writer commits; the timeout above makes writers wait for each other.
        c.Execute(wal ? "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;" : "PRAGMA foreign_keys=ON;");
        return c;
    }

    /// <summary>The versions applied so far, in order.</summary>
    public IReadOnlyList<int> AppliedMigrations()
    {
        using var c = Connect();
        return [.. c.Query<int>("SELECT version FROM schema_migrations ORDER BY version")];
    }

    private void Migrate()
    {
        using var c = Connect(wal: false);
        using var tx = c.BeginTransaction();
        if (Kind == StoreKind.Postgres)
        {
            // Two processes opening a fresh database at once: one migrates, the other waits and then sees it done.
            c.Execute("SELECT pg_advisory_xact_lock(742217)", transaction: tx);
        }

        // Another program's database is left alone: the schema goes only into an empty database or an LRBench store.
        var applied = AppliedVersions(c, tx);
        if (applied is null && TableCount(c, tx) > 0)
            throw new StoreException($"{Location.Display} holds another program's tables and no LRBench schema; give LRBench a store of its own");
        applied ??= [];
        RefuseNewer(applied, "use");
        c.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)", transaction: tx);
        foreach (var (version, description, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            c.Execute(Migrations.For(Kind, sql), transaction: tx);
            c.Execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @now)",
                new { version, description, now = Now() }, tx);
        }

        tx.Commit();
        if (Kind == StoreKind.Sqlite) c.Execute("PRAGMA journal_mode=WAL;");
    }

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// The clock leases are measured by. On PostgreSQL it is the server's, so workers on machines whose clocks disagree
    /// still agree on when a lease has run out; SQLite serves one machine, whose clock it uses.
    /// </summary>
    private long LeaseClockMs(DbConnection c, DbTransaction? tx) => Kind == StoreKind.Postgres
        ? c.ExecuteScalar<long>($"SELECT {ServerClockMsSql}", transaction: tx)
        : NowMs();

    private const string ServerClockMsSql = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    // ---- studies, tasks, trials ---------------------------------------------------------------------------------

    /// <summary>Registers a study, or returns the existing one if its definition is the same.</summary>
    public StudyRow EnsureStudy(string name, string definition, string? sourcePath, double? targetAccuracy)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        var row = EnsureStudy(c, tx, name, definition, sourcePath, targetAccuracy);
        tx.Commit();
        return row;
    }

    /// <summary>
    /// Registers a study, its task and its trials in one transaction: a kill or an error leaves either all of them in
    /// the store or none (never a study without trials). Returns the study's row.
    /// </summary>
    public StudyRow Register(string name, string definition, string? sourcePath, double? targetAccuracy, TaskDefinition task, DataBundle data, IReadOnlyList<TrialPlan> trials)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        var row = EnsureStudy(c, tx, name, definition, sourcePath, targetAccuracy);
        long taskId = EnsureTask(c, tx, task, data);
        AddTrials(c, tx, row.Id, taskId, trials);
        tx.Commit();
        return row;
    }

    private StudyRow EnsureStudy(DbConnection c, DbTransaction tx, string name, string definition, string? sourcePath, double? targetAccuracy)
    {
        var existing = c.QuerySingleOrDefault<StudyRow>("SELECT * FROM studies WHERE name = @name", new { name }, tx);
        if (existing is not null)
        {
            if (existing.Definition != definition)
            {
                throw new StudyConflictException(
                    $"{Location.Display} already holds a study named '{name}' with a different definition; rename the study (its name: field) or use another store");
            }

            return existing;
        }

        long id = c.ExecuteScalar<long>(
            "INSERT INTO studies (name, definition, source_path, target_accuracy, created_at) VALUES (@name, @definition, @sourcePath, @targetAccuracy, @now) RETURNING id",
            new { name, definition, sourcePath, targetAccuracy, now = Now() }, tx);
        return new StudyRow { Id = id, Name = name, Definition = definition, SourcePath = sourcePath, TargetAccuracy = targetAccuracy };
    }

    /// <summary>The study with this name, or null.</summary>
    public StudyRow? FindStudy(string name)
    {
        using var c = Connect();
        return c.QuerySingleOrDefault<StudyRow>("SELECT * FROM studies WHERE name = @name", new { name });
    }

    /// <summary>Every study, in the order they were created.</summary>
    public IReadOnlyList<StudyRow> Studies()
    {
        using var c = Connect();
        return [.. c.Query<StudyRow>("SELECT * FROM studies ORDER BY id")];
    }

    /// <summary>Registers the task a study trains (with the shape of its data), or returns the existing row.</summary>
    public long EnsureTask(TaskDefinition task, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(data);
        using var c = Connect();
        using var tx = c.BeginTransaction();
        long id = EnsureTask(c, tx, task, data);
        tx.Commit();
        return id;
    }

    private static long EnsureTask(DbConnection c, DbTransaction tx, TaskDefinition task, DataBundle data)
    {
        string key = task.Key;
        long? id = c.QuerySingleOrDefault<long?>("SELECT id FROM tasks WHERE task_key = @key", new { key }, tx);
        if (id is null)
        {
            id = c.ExecuteScalar<long>(
                """
                INSERT INTO tasks (task_key, dataset, model, model_family, optimizer, batch_size, budget, channels, height, width, classes, train_samples)
                VALUES (@key, @dataset, @model, @family, @optimizer, @batch, @budget, @channels, @height, @width, @classes, @train) RETURNING id
                """,
                new
                {
                    key,
                    dataset = data.Name,
                    model = task.Model,
                    family = ModelFamily(task.Model),
                    optimizer = task.Optimizer.Name.ToLowerInvariant(),
                    batch = task.BatchSize,
                    budget = task.Budget.ToString(),
                    channels = data.Shape.Channels,
                    height = data.Shape.Height,
                    width = data.Shape.Width,
                    classes = data.Classes,
                    train = data.Train.Count,
                }, tx);
        }

        return id.Value;
    }

    /// <summary>mlp, lenet, cnn or resnet: the family a model belongs to, for judging similar tasks.</summary>
    public static string ModelFamily(string model)
    {
        string m = model.ToLowerInvariant();
        return m.StartsWith("mlp", StringComparison.Ordinal) ? "mlp"
            : m.StartsWith("lenet", StringComparison.Ordinal) ? "lenet"
            : m.StartsWith("resnet", StringComparison.Ordinal) ? "resnet"
            : m.StartsWith("cnn", StringComparison.Ordinal) ? "cnn"
            : m;
    }

    /// <summary>Every task (data set, model and training setup) trials have run on.</summary>
    public IReadOnlyList<TaskRow> Tasks()
    {
        using var c = Connect();
        return [.. c.Query<TaskRow>("SELECT * FROM tasks ORDER BY id")];
    }

    /// <summary>Adds the trials that are not in the store yet (by key); existing ones, finished or not, are kept as they are.</summary>
    public int AddTrials(long studyId, long? taskId, IReadOnlyList<TrialPlan> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int added = AddTrials(c, tx, studyId, taskId, trials);
        tx.Commit();
        return added;
    }

    private static int AddTrials(DbConnection c, DbTransaction tx, long studyId, long? taskId, IReadOnlyList<TrialPlan> trials)
    {
        int added = 0;
        for (int i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            added += c.Execute(
                """
                INSERT INTO trials (study_id, task_id, trial_key, ordinal, label, policy_function, policy_spec, parameters, method, label_smoothing, mixup, seed, status, curve)
                VALUES (@studyId, @taskId, @key, @ordinal, @label, @function, @spec, @parameters, @method, @ls, @mixup, @seed, 'pending', @curve)
                ON CONFLICT (study_id, trial_key) DO NOTHING
                """,
                new
                {
                    studyId,
                    taskId,
                    key = t.Key,
                    ordinal = i,
                    label = t.Policy.Label,
                    function = t.Policy.Function,
                    spec = t.Policy.Spec,
                    parameters = System.Text.Json.JsonSerializer.Serialize(t.Policy.Parameters),
                    method = t.Method.Name,
                    ls = t.Method.LabelSmoothing,
                    mixup = t.Method.MixupAlpha,
                    seed = t.Seed,
                    curve = t.Policy.Curve is { } role ? System.Text.Json.JsonSerializer.Serialize(role) : null,
                }, tx);
        }

        return added;
    }

    /// <summary>One trial by id, or null.</summary>
    public TrialRow? Trial(long trialId)
    {
        using var c = Connect();
        return c.QuerySingleOrDefault<TrialRow>("SELECT * FROM trials WHERE id = @trialId", new { trialId });
    }

    /// <summary>The trials of a study, in the order the study file lists them.</summary>
    public IReadOnlyList<TrialRow> Trials(long studyId)
    {
        using var c = Connect();
        return [.. c.Query<TrialRow>("SELECT * FROM trials WHERE study_id = @studyId ORDER BY ordinal", new { studyId })];
    }

    // ---- claiming and finishing trials ----------------------------------------------------------------------------

    /// <summary>
    /// Claims the next trial of a study for <paramref name="worker"/>: a pending one, or a running one whose lease has
    /// expired or whose worker <paramref name="isAbandoned"/> says is dead. The claim bumps the attempt number, which
    /// fences every later write of the previous holder. A trial taken over <paramref name="maxAttempts"/> times
    /// without finishing is marked failed instead (its workers keep dying on it). On PostgreSQL the pick is
    /// <c>SELECT ... FOR UPDATE SKIP LOCKED</c> in a transaction, so concurrent workers never contend for one row;
    /// SQLite (one machine) uses a compare-and-set update. Null when nothing is claimable now.
    /// Trials in <c>passOver</c> are not claimed now (forks waiting for their trunk's snapshot).
    /// </summary>
    public TrialClaim? Claim(long studyId, string worker, TimeSpan lease, Func<TrialRow, bool>? isAbandoned = null, int maxAttempts = 5, IReadOnlySet<long>? passOver = null)
    {
        long[] skip = passOver is null ? [] : [.. passOver];
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        while (true)
        {
            using var c = Connect();
            // SQLite: no transaction around the read (a deferred read-then-write transaction could fail with a busy
            // snapshot under WAL); the compare-and-set update below is what makes the claim safe there.
            using var tx = Kind == StoreKind.Postgres ? c.BeginTransaction() : null;
            long now = LeaseClockMs(c, tx);
            TrialRow? next = Kind == StoreKind.Postgres
                ? c.QueryFirstOrDefault<TrialRow>(
                    """
                    SELECT * FROM trials WHERE study_id = @studyId AND (status = 'pending' OR (status = 'running' AND lease_expires_ms < @now))
                        AND id <> ALL(@skip)
                    ORDER BY ordinal LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, new { studyId, now, skip }, tx)
                : null;
            if (next is null)
            {
                var candidates = c.Query<TrialRow>(
                    "SELECT * FROM trials WHERE study_id = @studyId AND status IN ('pending', 'running') ORDER BY ordinal",
                    new { studyId }, tx).ToList();
                next = candidates.FirstOrDefault(t => !skip.Contains(t.Id) &&
                    (t.Status == TrialStatus.Pending || t.LeaseExpiresMs < now || (isAbandoned?.Invoke(t) ?? false)));
            }

            if (next is null) return null;
            if (next.Status == TrialStatus.Running && next.Attempts >= maxAttempts)
            {
                c.Execute(
                    """
                    UPDATE trials SET status = 'failed', worker = NULL, lease_expires_ms = NULL,
                        error = @error
                    WHERE id = @id AND attempts = @seen AND status = 'running'
                    """,
                    new { error = $"abandoned {next.Attempts} times (last worker {next.Worker}): every attempt's worker died or lost its lease", id = next.Id, seen = next.Attempts }, tx);
                tx?.Commit();
                continue;
            }

            int attempt = next.Attempts + 1;
            int updated = c.Execute(
                """
                UPDATE trials SET status = 'running', attempts = @attempt, worker = @worker, lease_expires_ms = @lease, started_at = @now
                WHERE id = @id AND attempts = @seen AND status = @status
                """,
                new { attempt, worker, lease = now + (long)lease.TotalMilliseconds, now = Now(), id = next.Id, seen = next.Attempts, status = next.Status }, tx);
            tx?.Commit();
            if (updated == 1)
            {
                next.Status = TrialStatus.Running;
                next.Attempts = attempt;
                next.Worker = worker;
                return new TrialClaim(next, attempt);
            }

            // Someone else took it between the read and the update: look again.
        }
    }

    /// <summary>Extends the lease; false when the trial is no longer this attempt's (it was taken over).</summary>
    public bool Heartbeat(TrialClaim claim, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Connect();
        // One round trip on either store: PostgreSQL reads its own clock inside the update.
        string expiry = Kind == StoreKind.Postgres ? $"{ServerClockMsSql} + @leaseMs" : "@now + @leaseMs";
        return c.Execute(
            $"UPDATE trials SET lease_expires_ms = {expiry} WHERE id = @id AND attempts = @attempt AND status = 'running'",
            new { now = NowMs(), leaseMs = (long)lease.TotalMilliseconds, id = claim.Trial.Id, attempt = claim.Attempt }) == 1;
    }

    /// <summary>Records where a trial keeps its checkpoints (so another worker can resume it).</summary>
    public void SetCheckpointDirectory(TrialClaim claim, string directory)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Connect();
        c.Execute("UPDATE trials SET checkpoint_dir = @directory WHERE id = @id AND attempts = @attempt",
            new { directory, id = claim.Trial.Id, attempt = claim.Attempt });
    }

    /// <summary>
    /// Writes a finished trial's results in one transaction: status, timing, every evaluation and the LR trace.
    /// Returns false, writing nothing, if the claim is stale (another attempt owns the trial now).
    /// </summary>
    public bool Finish(TrialClaim claim, TrainingResult result, string machine, string versions)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(result);
        string status = result.Status == RunStatus.Diverged ? TrialStatus.Diverged : TrialStatus.Completed;
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int updated = c.Execute(
            """
            UPDATE trials SET status = @status, worker = NULL, lease_expires_ms = NULL, finished_at = @now, steps = @steps, total_steps = @total,
                diverged_at_step = @diverged, wall_seconds = @wall, compute_seconds = @compute, machine = @machine, versions = @versions,
                policy_events = @events, started_from_step = @startedFrom
            WHERE id = @id AND attempts = @attempt AND status = 'running'
            """,
            new
            {
                status,
                now = Now(),
                steps = result.Steps,
                total = result.Plan.TotalSteps,
                diverged = result.DivergedAtStep,
                wall = result.WallSeconds,
                compute = result.ComputeSeconds,
                machine,
                versions,
                events = result.PolicyEvents.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(result.PolicyEvents),
                startedFrom = result.StartedFromStep,
                id = claim.Trial.Id,
                attempt = claim.Attempt,
            }, tx);
        if (updated != 1)
        {
            tx.Rollback();
            return false;
        }

        long trialId = claim.Trial.Id;
        c.Execute("DELETE FROM evaluations WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute("DELETE FROM lr_trace WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute(
            """
            INSERT INTO evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, train_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds)
            VALUES (@TrialId, @Step, @Epoch, @Lr, @Top1, @Top5, @Ac, @Cd, @Cdac, @TestLoss, @TrainLoss, @BestTop1, @BestTop1Step, @WallSeconds, @ComputeSeconds, @EvalSeconds)
            """,
            result.Evaluations.Select(e => new EvaluationRow
            {
                TrialId = trialId,
                Step = e.Step,
                Epoch = e.Epoch,
                Lr = e.LearningRate,
                Top1 = e.Metrics.Top1,
                Top5 = e.Metrics.Top5,
                Ac = e.Metrics.AverageConfidence,
                Cd = e.Metrics.ConfidenceDeviation,
                Cdac = e.Metrics.ClassConfidenceDeviation,
                TestLoss = Finite(e.Metrics.Loss),
                TrainLoss = Finite(e.TrainLoss),
                BestTop1 = e.BestTop1,
                BestTop1Step = e.BestTop1Step,
                WallSeconds = e.WallSeconds,
                ComputeSeconds = e.ComputeSeconds,
                EvalSeconds = e.EvaluationSeconds,
            }), tx);
        InsertTrace(c, tx, trialId, result.Trace);
        c.Execute("DELETE FROM snapshot_ensembles WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute("INSERT INTO snapshot_ensembles (trial_id, step, members, top1, top5, test_loss) VALUES (@TrialId, @Step, @Members, @Top1, @Top5, @TestLoss)",
            result.Ensembles.Select(e => new EnsembleRow
            {
                TrialId = trialId,
                Step = e.Step,
                Members = e.Members,
                Top1 = e.Metrics.Top1,
                Top5 = e.Metrics.Top5,
                TestLoss = Finite(e.Metrics.Loss),
            }), tx);
        tx.Commit();
        return true;
    }

    private static double? Finite(double v) => double.IsNaN(v) ? null : v;

    /// <summary>
    /// The LR trace, up to a few thousand rows. PostgreSQL gets them in one statement (unnest over three arrays): row by
    /// row it was 2,000 round trips, 0.24 s a trial (docs/benchmarks.md). SQLite is in-process, so rows cost little.
    /// </summary>
    private static void InsertTrace(DbConnection c, DbTransaction tx, long trialId, IReadOnlyList<TracePoint> trace)
    {
        if (c is NpgsqlConnection pg)
        {
            using var cmd = new NpgsqlCommand(
                "INSERT INTO lr_trace (trial_id, step, lr, loss) SELECT @trial, s, l, x FROM unnest(@steps, @lrs, @losses) AS t(s, l, x)", pg, (NpgsqlTransaction)tx);
            cmd.Parameters.AddWithValue("trial", trialId);
            cmd.Parameters.AddWithValue("steps", trace.Select(t => t.Step).ToArray());
            cmd.Parameters.AddWithValue("lrs", trace.Select(t => t.LearningRate).ToArray());
            cmd.Parameters.AddWithValue("losses", trace.Select(t => double.IsNaN(t.Loss) ? (double?)null : t.Loss).ToArray());
            cmd.ExecuteNonQuery();
            return;
        }

        c.Execute("INSERT INTO lr_trace (trial_id, step, lr, loss) VALUES (@TrialId, @Step, @Lr, @Loss)",
            trace.Select(t => new TraceRow { TrialId = trialId, Step = t.Step, Lr = t.LearningRate, Loss = double.IsNaN(t.Loss) ? null : t.Loss }), tx);
    }

    /// <summary>Gives an interrupted trial back (it resumes from its checkpoint when claimed again).</summary>
    public void Release(TrialClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Connect();
        c.Execute("UPDATE trials SET status = 'pending', worker = NULL, lease_expires_ms = NULL WHERE id = @id AND attempts = @attempt AND status = 'running'",
            new { id = claim.Trial.Id, attempt = claim.Attempt });
    }

    /// <summary>Records an error; the trial is retried until it has failed <paramref name="maxFailures"/> times, then marked failed.</summary>
    public void Fail(TrialClaim claim, string error, int maxFailures)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Connect();
        c.Execute(
            """
            UPDATE trials SET failures = failures + 1, error = @error, worker = NULL, lease_expires_ms = NULL,
                status = CASE WHEN failures + 1 >= @maxFailures THEN 'failed' ELSE 'pending' END
            WHERE id = @id AND attempts = @attempt AND status = 'running'
            """,
            new { error, maxFailures, id = claim.Trial.Id, attempt = claim.Attempt });
    }

    // ---- results --------------------------------------------------------------------------------------------------

    /// <summary>Every evaluation of a study's trials.</summary>
    public IReadOnlyList<EvaluationRow> Evaluations(long studyId)
    {
        using var c = Connect();
        return [.. c.Query<EvaluationRow>(
            "SELECT e.* FROM evaluations e JOIN trials t ON t.id = e.trial_id WHERE t.study_id = @studyId ORDER BY e.trial_id, e.step", new { studyId })];
    }

    /// <summary>Snapshot ensembles of a study's trials (tradeoff studies with ensembles on).</summary>
    public IReadOnlyList<EnsembleRow> Ensembles(long studyId)
    {
        using var c = Connect();
        return [.. c.Query<EnsembleRow>(
            "SELECT e.* FROM snapshot_ensembles e JOIN trials t ON t.id = e.trial_id WHERE t.study_id = @studyId ORDER BY e.trial_id, e.step, e.members", new { studyId })];
    }

    /// <summary>The LR and loss traces of a study's trials.</summary>
    public IReadOnlyList<TraceRow> Trace(long studyId)
    {
        using var c = Connect();
        return [.. c.Query<TraceRow>(
            "SELECT r.* FROM lr_trace r JOIN trials t ON t.id = r.trial_id WHERE t.study_id = @studyId ORDER BY r.trial_id, r.step", new { studyId })];
    }

    /// <summary>Finished trials of the given tasks, across all studies.</summary>
    public IReadOnlyList<TrialRow> FinishedTrialsOfTask(long taskId)
    {
        using var c = Connect();
        return [.. c.Query<TrialRow>(
            "SELECT * FROM trials WHERE task_id = @taskId AND status IN ('completed', 'diverged', 'failed') ORDER BY study_id, ordinal", new { taskId })];
    }

    /// <summary>Every evaluation of the given trials.</summary>
    public IReadOnlyList<EvaluationRow> EvaluationsOfTrials(IReadOnlyCollection<long> trialIds)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        if (trialIds.Count == 0) return [];
        using var c = Connect();
        var rows = new List<EvaluationRow>();
        foreach (var chunk in trialIds.Chunk(500))
        {
            // An IN list of literal integers: portable across both databases (no array parameters in SQLite).
            string ids = string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            rows.AddRange(c.Query<EvaluationRow>($"SELECT * FROM evaluations WHERE trial_id IN ({ids}) ORDER BY trial_id, step"));
        }

        return rows;
    }

    /// <summary>The lowest and highest LR each trial's trace used.</summary>
    public IReadOnlyDictionary<long, (double Min, double Max)> LearningRateRanges(IReadOnlyCollection<long> trialIds)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        var result = new Dictionary<long, (double, double)>();
        if (trialIds.Count == 0) return result;
        using var c = Connect();
        foreach (var chunk in trialIds.Chunk(500))
        {
            string ids = string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            foreach (var (id, min, max) in c.Query<(long, double, double)>($"SELECT trial_id, MIN(lr), MAX(lr) FROM lr_trace WHERE trial_id IN ({ids}) GROUP BY trial_id"))
                result[id] = (min, max);
        }

        return result;
    }

    /// <summary>Records a file a report wrote for a study (or one of its trials).</summary>
    public void AddArtifact(long studyId, long? trialId, string kind, string path)
    {
        using var c = Connect();
        c.Execute("INSERT INTO artifacts (study_id, trial_id, kind, path, created_at) VALUES (@studyId, @trialId, @kind, @path, @now)",
            new { studyId, trialId, kind, path, now = Now() });
    }

    /// <summary>The files reports wrote for a study.</summary>
    public IReadOnlyList<(string Kind, string Path)> Artifacts(long studyId)
    {
        using var c = Connect();
        return [.. c.Query<(string, string)>("SELECT kind, path FROM artifacts WHERE study_id = @studyId ORDER BY id", new { studyId })];
    }
}
