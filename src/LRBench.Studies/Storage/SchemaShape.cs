using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LRBench.Studies.Storage;

/// <summary>
/// The tables and columns the current schema has, learned by applying every migration to an empty in-memory SQLite
/// database once per process (so the list can never drift from the migrations), and the check that a store still
/// has them: a table dropped or a column removed by hand is damage, named when the store is opened rather than as a
/// failed query in the middle of a command. Both databases name tables and columns the same way.
/// </summary>
internal static class SchemaShape
{
    private static readonly Lazy<IReadOnlyDictionary<string, string[]>> Expected = new(Learn);

    /// <summary>Every table of the current schema with its columns.</summary>
    public static IReadOnlyDictionary<string, string[]> Tables => Expected.Value;

    /// <summary>Null when the store has every table and column of the current schema, else the first one missing.</summary>
    public static string? Problem(DbConnection c, DbTransaction? tx, StoreBackend backend)
    {
        foreach (var (table, columns) in Tables)
        {
            if (backend.TableCount(c, tx, table) == 0) return $"table {table} is missing";
            var present = Columns(c, tx, table);
            if (columns.FirstOrDefault(column => !present.Contains(column)) is { } lost) return $"table {table} has no column {lost}";
        }

        return null;
    }

    private static HashSet<string> Columns(DbConnection c, DbTransaction? tx, string table)
    {
        // The table name comes from our own migrations, never from the store.
        using var reader = c.ExecuteReader($"SELECT * FROM {table} WHERE 1 = 0", transaction: tx);
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    private static IReadOnlyDictionary<string, string[]> Learn()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var tx = c.BeginTransaction();
        c.Execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)", transaction: tx);
        foreach (var (_, _, sql) in Migrations.All)
        {
            c.Execute(SqliteBackend.WithTypes(sql), transaction: tx);
        }

        var tables = c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", transaction: tx).ToList();
        return tables.ToDictionary(t => t, t => Columns(c, tx, t).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }
}
