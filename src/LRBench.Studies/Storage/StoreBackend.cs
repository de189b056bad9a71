using System.Data.Common;
using Dapper;
using LRBench.Training.Engine;

namespace LRBench.Studies.Storage;

/// <summary>
/// Everything that differs between the databases a store can live in, one subclass per database
/// (<see cref="SqliteBackend"/>, <see cref="PostgresBackend"/>): connections, column types, the catalogue query,
/// locks, the lease clock, how a claim finds its row and how a trace is inserted in bulk. Nothing outside these
/// classes asks which database a store is.
/// </summary>
internal abstract class StoreBackend : IDisposable
{
    /// <summary>The backend for a parsed location.</summary>
    public static StoreBackend For(StoreLocation location, TimeProvider time, bool readOnly) => location.Kind switch
    {
        StoreKind.Sqlite => new SqliteBackend(location, time, readOnly),
        _ => new PostgresBackend(location),
    };

    /// <summary>True when workers on many machines share the store: leases run on the server's clock, and a worker cut off from it fences itself.</summary>
    public abstract bool ServesManyMachines { get; }

    /// <summary>Makes what must exist before the first connection (a SQLite file's folder).</summary>
    public virtual void PrepareLocation()
    {
    }

    /// <summary>Throws a <see cref="StoreException"/> when the store cannot exist yet (a SQLite file not there); a server's database is checked when connecting.</summary>
    public virtual void RequireExisting()
    {
    }

    /// <param name="wal">Switch a SQLite file to WAL (a write to the file's header): not before the file is known to be ours.</param>
    public abstract DbConnection Connect(bool wal = true);

    /// <summary>A migration's text with <c>{id}</c>, <c>{real}</c> and <c>{bigint}</c> as this database's types.</summary>
    public abstract string Types(string sql);

    /// <summary>
    /// A query for the change cursor to remember before reading: a later read with <see cref="ChangedSince"/> and this
    /// cursor finds every trial and evaluation written after it (and possibly a few the earlier read saw already).
    /// </summary>
    public abstract string ChangeCursorSql { get; }

    /// <summary>The condition, on a change stamp <paramref name="column"/>, that a row changed since <c>@cursor</c>.</summary>
    public abstract string ChangedSince(string column);

    /// <summary>How many tables of the store's own schema there are (with that name, when one is given).</summary>
    public long TableCount(DbConnection c, DbTransaction? tx, string? name = null) => c.ExecuteScalar<long>(TableCountSql, new { name }, tx);

    protected abstract string TableCountSql { get; }

    /// <summary>Two processes opening a fresh database at once: one migrates, the other waits and then sees it done.</summary>
    public virtual void LockForMigration(DbConnection c, DbTransaction tx)
    {
    }

    /// <summary>What a migrated store switches on after its migrations are committed.</summary>
    public virtual void AfterMigration(DbConnection c)
    {
    }

    /// <summary>Null when the database's own integrity check passes (or it has none), else what it found.</summary>
    public virtual string? IntegrityProblem(DbConnection c) => null;

    /// <summary>True when <paramref name="e"/> says the file is not this database or is corrupt (reported with the store named).</summary>
    public virtual bool IsDamage(Exception e) => false;

    /// <summary>A read transaction in which every query sees the store as it was at one moment.</summary>
    public abstract DbTransaction BeginSnapshot(DbConnection c);

    /// <summary>Serialises a study's rung decisions and search proposals for the rest of the transaction.</summary>
    public abstract void LockStudy(DbConnection c, DbTransaction tx, long studyId);

    /// <summary>The clock leases are measured by, in Unix milliseconds.</summary>
    public abstract long LeaseClockMs(DbConnection c, DbTransaction? tx);

    /// <summary>The SQL for "now plus the lease" in a heartbeat's update (parameters @now and @leaseMs): one round trip.</summary>
    public abstract string LeaseExpirySql { get; }

    /// <summary>True when a claim runs in a transaction (to hold its row lock).</summary>
    public abstract bool ClaimsInTransaction { get; }

    /// <summary>
    /// The order in which trials are claimed: promoted trials first, from the highest rung (ASHA's rule: a promotion
    /// before a new start), then the queue's order.
    /// </summary>
    public const string ClaimOrder = "CASE WHEN promoted_rung IS NULL THEN 1 ELSE 0 END, promoted_rung DESC, ordinal";

    /// <summary>The first claimable row, locked against other workers; null when the database has no such lock (the caller picks from the candidates).</summary>
    public virtual StoredTrial? LockNextClaimable(DbConnection c, DbTransaction? tx, long studyId, long now, long[] skip) => null;

    /// <summary>Inserts a trial's LR trace, up to a few thousand rows.</summary>
    public virtual void InsertTrace(DbConnection c, DbTransaction tx, long trialId, IReadOnlyList<TracePoint> trace) =>
        c.Execute("INSERT INTO lr_trace (trial_id, step, lr, loss) VALUES (@TrialId, @Step, @Lr, @Loss)",
            trace.Select(t => new { TrialId = trialId, t.Step, Lr = t.LearningRate, Loss = double.IsNaN(t.Loss) ? (double?)null : t.Loss }), tx);

    public virtual void Dispose()
    {
    }
}
