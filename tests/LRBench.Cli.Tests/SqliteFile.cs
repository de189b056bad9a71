using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LRBench.Cli.Tests;

/// <summary>SQL run on a SQLite store file directly, as any other program could (to damage it, or to look inside).</summary>
internal static class SqliteFile
{
    public static void Execute(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, as invariant text ("" for null).</summary>
    public static string Query(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}
