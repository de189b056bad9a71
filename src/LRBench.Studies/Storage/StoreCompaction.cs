using Dapper;
using Microsoft.Data.Sqlite;

namespace LRBench.Studies.Storage;

/// <summary>
/// A compact, read-only copy of a SQLite store for a knowledge base that ships: every study, trial, evaluation and
/// range test as stored, but each trial's LR trace cut to the two rows that hold its lowest and highest LR (all a
/// recommendation reads of it), snapshot ensembles and failure logs left out, in rollback-journal mode so it opens
/// read-only from a folder nobody may write to.
/// </summary>
public static class StoreCompaction
{
    /// <summary>Writes the compact copy of <paramref name="source"/> (a SQLite store; it is opened read-only) to <paramref name="destination"/>, replacing it.</summary>
    /// <returns>How many studies and finished trials the copy holds, and its size in bytes.</returns>
    public static (int Studies, int FinishedTrials, long Bytes) WriteCompactCopy(StoreLocation source, string destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Kind != StoreKind.Sqlite) throw new StoreException($"{source.Display}: a knowledge base is built from SQLite stores (copy a PostgreSQL study into one first)");
        // Opening it checks that it is a store of this version (or upgrades one of 0.1.0) before anything is copied.
        using (StudyStore.OpenReadOnly(source)) { }

        string temporary = destination + ".tmp";
        File.Delete(temporary);
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source.SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            from.Open();
            from.Execute("VACUUM INTO @path", new { path = temporary });
        }

        int studies, finished;
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ConnectionString))
        {
            to.Open();
            to.Execute("""
                DELETE FROM lr_trace WHERE rowid NOT IN (
                    SELECT (SELECT rowid FROM lr_trace t WHERE t.trial_id = g.trial_id ORDER BY lr ASC, step LIMIT 1) FROM (SELECT DISTINCT trial_id FROM lr_trace) g
                    UNION
                    SELECT (SELECT rowid FROM lr_trace t WHERE t.trial_id = g.trial_id ORDER BY lr DESC, step LIMIT 1) FROM (SELECT DISTINCT trial_id FROM lr_trace) g);
                DELETE FROM snapshot_ensembles;
                DELETE FROM trial_failures;
                """);
            to.Execute("PRAGMA journal_mode=DELETE");
            to.Execute("VACUUM");
            studies = to.ExecuteScalar<int>("SELECT count(*) FROM studies");
            finished = to.ExecuteScalar<int>("SELECT count(*) FROM trials WHERE status IN ('completed', 'diverged', 'pruned')");
        }

        File.Move(temporary, destination, overwrite: true);
        return (studies, finished, new FileInfo(destination).Length);
    }
}
