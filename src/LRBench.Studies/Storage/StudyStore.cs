using System.Data.Common;
using System.Globalization;
using Dapper;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Storage;

/// <summary>
/// The results database, SQLite or PostgreSQL behind one API and one schema (<see cref="Migrations"/>). Every write
/// that belongs together is one transaction: a trial's results (status, evaluations, trace) appear all at once or not
/// at all, and are fenced by the attempt number, so a worker that lost its trial can never overwrite the new attempt.
/// </summary>
public sealed class StudyStore : IDisposable
{
    static StudyStore()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private readonly Func<string, string, StudyDefinition>? _readStudy;

    private StudyStore(StoreLocation location, TimeProvider? time, bool readOnly = false, Func<string, string, StudyDefinition>? readStudy = null)
    {
        _readStudy = readStudy;
        Location = location;
        Time = time ?? TimeProvider.System;
        Backend = StoreBackend.For(location, Time, readOnly);
        Queue = new TrialQueue(this);
        Results = new ResultsReader(this);
    }

    /// <summary>The write side: registering studies and their trials, claiming, heartbeats, releasing and finishing them.</summary>
    public TrialQueue Queue { get; }

    /// <summary>The read side: studies, trials and their results as immutable values.</summary>
    public ResultsReader Results { get; }

    /// <summary>The clock for timestamps and (on SQLite) leases; tests pass a fake one.</summary>
    internal TimeProvider Time { get; }

    /// <summary>Everything that differs between SQLite and PostgreSQL.</summary>
    internal StoreBackend Backend { get; }

    /// <summary>Where the store is (a SQLite file or a PostgreSQL database).</summary>
    public StoreLocation Location { get; }

    /// <summary>SQLite or PostgreSQL.</summary>
    public StoreKind Kind => Location.Kind;

    /// <summary>
    /// True when workers on many machines may share the store (PostgreSQL): leases run on the server's clock and a
    /// worker cut off from it fences itself. False for a SQLite file, which serves the machine it is on.
    /// </summary>
    public bool ServesManyMachines => Backend.ServesManyMachines;

    /// <summary>Opens a store and brings its schema up to date; <paramref name="time"/> is the clock (default: the system's).</summary>
    /// <param name="location">Where the store is.</param>
    /// <param name="time">The clock (default: the system's).</param>
    /// <param name="readStudy">
    /// Reads a stored study's text (<c>StudyParser.ParseStored</c>); needed only to upgrade a store of LRBench 0.1.0,
    /// whose trials are rebuilt from their study. The store itself knows no study language.
    /// </param>
    public static StudyStore Open(StoreLocation location, TimeProvider? time = null, Func<string, string, StudyDefinition>? readStudy = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        var store = new StudyStore(location, time, readStudy: readStudy);
        try
        {
            store.Backend.PrepareLocation();
            store.Migrate();
        }
        catch (Exception e) when (store.Backend.IsDamage(e))
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
    /// Opens an existing store for reading only: nothing is created or written (a SQLite file is opened read-only).
    /// A store of an older LRBench is first upgraded in place (one transaction that only adds), so that its results
    /// read the same. Throws a <see cref="StoreException"/> naming the store when it is missing, damaged, not an
    /// LRBench store, or of a newer schema.
    /// </summary>
    public static StudyStore OpenReadOnly(StoreLocation location, TimeProvider? time = null, Func<string, string, StudyDefinition>? readStudy = null)
    {
        RequireExisting(location);
        if (NeedsUpgrade(location, time)) Open(location, time, readStudy).Dispose();
        var store = new StudyStore(location, time, readOnly: true);
        try
        {
            store.CheckSchema();
            return store;
        }
        catch (Exception e)
        {
            store.Dispose();
            if (store.Backend.IsDamage(e) || e is DbException) throw new StoreException($"{location.Display} is damaged or not a SQLite database ({e.Message})", e);
            throw;
        }
    }

    /// <summary>
    /// Opens a store that the process which started this one has already opened and brought up to date (a worker's
    /// trial process): its schema must be exactly this LRBench's. Nothing is created, migrated or locked, so a trial
    /// process costs the store no schema transaction; a missing, older or newer store is a <see cref="StoreException"/>.
    /// </summary>
    public static StudyStore OpenPrepared(StoreLocation location, TimeProvider? time = null)
    {
        RequireExisting(location);
        var store = new StudyStore(location, time);
        try
        {
            using var c = store.Connect();
            store.CheckVersions(c);
            return store;
        }
        catch (Exception e)
        {
            store.Dispose();
            if (store.Backend.IsDamage(e)) throw new StoreException($"{location.Display} is damaged or not a SQLite database ({e.Message})", e);
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
        using var backend = StoreBackend.For(location, TimeProvider.System, readOnly: true);
        backend.RequireExisting();
    }

    /// <summary>True when the store is an LRBench store of an older schema (which a read-only opening upgrades first).</summary>
    private static bool NeedsUpgrade(StoreLocation location, TimeProvider? time)
    {
        using var probe = new StudyStore(location, time, readOnly: true);
        try
        {
            using var c = probe.Connect();
            var applied = probe.AppliedVersions(c, tx: null);
            return applied is not null && applied.Count > 0 && applied.Max() <= Migrations.All.Max(m => m.Version) && Migrations.All.Any(m => !applied.Contains(m.Version));
        }
        catch (Exception e) when (e is System.Data.Common.DbException)
        {
            return false; // damage shows, with the store named, when the schema is checked
        }
    }

    /// <summary>For reading: the store must hold exactly this LRBench's schema.</summary>
    private void CheckSchema()
    {
        using var c = Connect();
        if (Backend.IntegrityProblem(c) is { } problem) throw new StoreException($"{Location.Display} is damaged ({problem})");
        CheckVersions(c);
    }

    /// <summary>The store's schema must be exactly this LRBench's: not another program's, not older, not newer.</summary>
    private void CheckVersions(DbConnection c)
    {
        var applied = AppliedVersions(c, tx: null)
            ?? throw new StoreException($"{Location.Display} is not an LRBench store (it has no schema_migrations table)");
        RefuseNewer(applied, "read");
        if (Migrations.All.Any(m => !applied.Contains(m.Version)))
            throw new StoreException($"{Location.Display} has an older schema (version {(applied.Count == 0 ? 0 : applied.Max())}); a writing command (lrbench study run) upgrades it");
        RequireShape(c, tx: null);
    }

    /// <summary>A store whose versions say current but whose tables or columns were removed by hand is damaged: named now, not mid-command.</summary>
    private void RequireShape(DbConnection c, DbTransaction? tx)
    {
        if (SchemaShape.Problem(c, tx, Backend) is { } problem)
            throw new StoreException($"{Location.Display} is damaged: {problem} (changed by another program?); LRBench left it as it is");
    }

    /// <summary>The schema versions applied to the store; null when it has no schema_migrations table (not LRBench's, or empty).</summary>
    private HashSet<int>? AppliedVersions(DbConnection c, DbTransaction? tx) =>
        TableCount(c, tx, "schema_migrations") == 0 ? null : c.Query<int>("SELECT version FROM schema_migrations", transaction: tx).ToHashSet();

    /// <summary>How many tables of the store's own schema there are (with that name, when one is given).</summary>
    private long TableCount(DbConnection c, DbTransaction? tx, string? name = null) => Backend.TableCount(c, tx, name);

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
    public void Dispose() => Backend.Dispose();

    /// <param name="wal">Switch a SQLite file to WAL (a write to the file's header): not before the file is known to be ours.</param>
    internal DbConnection Connect(bool wal = true) => Backend.Connect(wal);

    /// <summary>
    /// Runs <paramref name="read"/>, naming a value its rows cannot hold (text in a number column, a null where the
    /// schema forbids one: SQLite keeps whatever another program writes) as this store's damage.
    /// </summary>
    internal T Reading<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Data.DataException or InvalidCastException or FormatException or OverflowException)
        {
            throw new StoreException($"{Location.Display} holds a value LRBench cannot read ({e.Message}); it was changed by another program or damaged", e);
        }
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
        // Nothing is written into a damaged file: a scrambled page anywhere is named now, not when a query first touches it.
        if (Backend.IntegrityProblem(c) is { } problem) throw new StoreException($"{Location.Display} is damaged ({problem}); LRBench left it as it is");
        using var tx = c.BeginTransaction();
        Backend.LockForMigration(c, tx);

        // Another program's database is left alone: the schema goes only into an empty database or an LRBench store.
        var applied = AppliedVersions(c, tx);
        if (applied is null && TableCount(c, tx) > 0)
            throw new StoreException($"{Location.Display} holds another program's tables and no LRBench schema; give LRBench a store of its own");
        applied ??= [];
        RefuseNewer(applied, "use");
        c.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)", transaction: tx);
        foreach (var (version, description, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            c.Execute(Backend.Types(sql), transaction: tx);
            if (version == LegacyTrials.Version) LegacyTrials.Backfill(c, tx, Location.Display, _readStudy);
            c.Execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @now)",
                new { version, description, now = Now() }, tx);
        }

        RequireShape(c, tx);
        tx.Commit();
        Backend.AfterMigration(c);
    }

    /// <summary>Now, as the store writes timestamps (ISO 8601, UTC).</summary>
    internal string Now() => Time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}

