using System.Data.Common;

namespace LRBench.Studies.Tests;

/// <summary>
/// New, empty stores for the tests that run on both kinds (<c>[InlineData("sqlite")]</c>, <c>[InlineData("postgres")]</c>):
/// a SQLite file in the test's folder, or a new database on the suite's PostgreSQL server.
/// </summary>
internal static class TestStores
{
    /// <summary>Where a new store of <paramref name="kind"/> is: <c>sqlite:DIR/NAME.db</c>, or a new PostgreSQL database's connection string.</summary>
    public static string Location(string kind, string directory, PostgresServer postgres, string name = "store") => kind switch
    {
        "sqlite" => $"sqlite:{Path.Combine(directory, name + ".db")}",
        "postgres" => postgres.NewDatabase(),
        _ => throw new ArgumentException($"kind: sqlite or postgres, not {kind}", nameof(kind)),
    };

    /// <summary>A plain connection (not opened) to the database at <paramref name="location"/>, for writing by hand what no release writes.</summary>
    public static DbConnection Raw(string location) => location.StartsWith("sqlite:", StringComparison.Ordinal)
        ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={location["sqlite:".Length..]};Pooling=False")
        : new Npgsql.NpgsqlConnection(location);
}
