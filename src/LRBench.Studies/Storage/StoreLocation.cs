using Npgsql;

namespace LRBench.Studies.Storage;

/// <summary>Which database a store lives in, parsed from <c>sqlite:PATH</c>, a <c>.db</c> path, or a PostgreSQL URL / connection string.</summary>
public sealed record StoreLocation(StoreKind Kind, string ConnectionString, string Display)
{
    public static StoreLocation Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string t = text.Trim();
        if (t.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return Sqlite(t["sqlite:".Length..]);
        if (t.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return Postgres(FromUrl(t));
        if (t.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return Postgres(t);
        if (t.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || t.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
            return Sqlite(t);
        throw new ArgumentException(
            $"'{text}' is not a store; write sqlite:PATH (or a path ending in .db) or postgresql://user@host:port/database");
    }

    public static StoreLocation Sqlite(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("sqlite: needs a file path, e.g. sqlite:results.db");
        string full = Path.GetFullPath(path);
        return new StoreLocation(StoreKind.Sqlite, $"Data Source={full};Pooling=True", "sqlite:" + full);
    }

    private static StoreLocation Postgres(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return new StoreLocation(StoreKind.Postgres, b.ConnectionString, $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}");
    }

    /// <summary>postgresql://user:password@host:port/database?key=value -> an Npgsql connection string.</summary>
    private static string FromUrl(string url)
    {
        var uri = new Uri(url);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) b.Password = Uri.UnescapeDataString(parts[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            b[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }

        return b.ConnectionString;
    }
}

public enum StoreKind
{
    Sqlite,
    Postgres,
}
