using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LRBench.Studies.Storage;

/// <summary>
/// A store in one SQLite file on this machine: WAL so that readers work while a writer commits, writers waiting up to
/// a minute for each other, leases on this machine's clock (the time provider). Its transactions take the database's
/// write lock when they begin (BEGIN IMMEDIATE), which is the study lock too.
/// </summary>
internal sealed class SqliteBackend(StoreLocation location, TimeProvider time, bool readOnly) : StoreBackend
{
    private string File => location.SqlitePath ?? throw new InvalidOperationException($"{location.Display} is not a SQLite store");

    public override bool ServesManyMachines => false;

    public override void PrepareLocation()
    {
        RefuseNonFile();
        string? dir = Path.GetDirectoryName(File);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }

    public override void RequireExisting()
    {
        RefuseNonFile();
        if (!System.IO.File.Exists(File)) throw new StoreException($"no store at {File}: the file does not exist (a store is made by running or submitting a study)");
    }

    // SQLite would wait forever for a FIFO's writer, and cannot keep a store in a folder or a device.
    private void RefuseNonFile()
    {
        if (Directory.Exists(File)) throw new StoreException($"{File} is a directory; a SQLite store is a file (sqlite:FOLDER/NAME.db)");
        if (SpecialFiles.IsSpecial(File)) throw new StoreException($"{File} is not a regular file (a FIFO, socket or device); a SQLite store is a file");
    }

    public override DbConnection Connect(bool wal = true)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder(location.ConnectionString)
        {
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ConnectionString);
        c.Open();
        // WAL lets readers work while a writer commits; the timeout in the connection string makes writers wait for each other.
        c.Execute(readOnly || !wal ? "PRAGMA foreign_keys=ON;" : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
        return c;
    }

    public override string Types(string sql) => WithTypes(sql);

    /// <summary>A migration's text with SQLite's types.</summary>
    public static string WithTypes(string sql) => sql.Replace("{id}", "INTEGER PRIMARY KEY", StringComparison.Ordinal)
        .Replace("{real}", "REAL", StringComparison.Ordinal).Replace("{bigint}", "INTEGER", StringComparison.Ordinal)
        .Replace("{blob}", "BLOB", StringComparison.Ordinal).Replace("{change_stamps}", ChangeStampTriggers, StringComparison.Ordinal);

    /// <summary>
    /// SQLite has one writer at a time, so a counter bumped inside each writing transaction orders changes as they
    /// commit: every inserted or updated trial and every inserted evaluation takes the next value. (A trigger's own
    /// update of the stamp does not stamp again: the WHEN clause sees the stamp changed.)
    /// </summary>
    private const string ChangeStampTriggers = """
        CREATE TRIGGER trials_stamped_on_insert AFTER INSERT ON trials BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE trials SET change_stamp = (SELECT value FROM change_counter WHERE id = 1) WHERE id = NEW.id;
        END;
        CREATE TRIGGER trials_stamped_on_update AFTER UPDATE ON trials WHEN NEW.change_stamp IS OLD.change_stamp BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE trials SET change_stamp = (SELECT value FROM change_counter WHERE id = 1) WHERE id = NEW.id;
        END;
        CREATE TRIGGER evaluations_stamped AFTER INSERT ON evaluations BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE evaluations SET change_stamp = (SELECT value FROM change_counter WHERE id = 1) WHERE trial_id = NEW.trial_id AND step = NEW.step;
        END;
        """;

    // The counter as it was before the caller's next read: whatever that read cannot see yet gets a larger stamp.
    public override string ChangeCursorSql => "SELECT value FROM change_counter WHERE id = 1";

    public override string ChangedSince(string column) => $"{column} > @cursor";

    protected override string TableCountSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND (@name IS NULL OR name = @name)";

    public override void AfterMigration(DbConnection c) => c.Execute("PRAGMA journal_mode=WAL;");

    // Scrambled pages show here, with the file named, rather than as a failed query halfway through a table.
    public override string? IntegrityProblem(DbConnection c)
    {
        string check = c.ExecuteScalar<string>("PRAGMA quick_check(1)") ?? "";
        return check == "ok" ? null : check;
    }

    public override bool IsDamage(Exception e) => e is SqliteException { SqliteErrorCode: 26 or 11 }; // SQLITE_NOTADB, SQLITE_CORRUPT

    // Deferred: it takes no write lock (a read-only file could not) and, under WAL, reads one snapshot from its first read.
    public override DbTransaction BeginSnapshot(DbConnection c) => ((SqliteConnection)c).BeginTransaction(deferred: true);

    // The transaction already holds the database's write lock from its start.
    public override void LockStudy(DbConnection c, DbTransaction tx, long studyId)
    {
    }

    // SQLite serves one machine, whose clock it uses.
    public override long LeaseClockMs(DbConnection c, DbTransaction? tx) => time.GetUtcNow().ToUnixTimeMilliseconds();

    public override string LeaseExpirySql => "@now + @leaseMs";

    // A read-then-write transaction could fail with a busy snapshot under WAL; the compare-and-set update makes the claim safe.
    public override bool ClaimsInTransaction => false;
}
