using Npgsql;

namespace LRBench.Studies.Storage;

/// <summary>Which database a store lives in, parsed from <c>sqlite:PATH</c>, a <c>.db</c> path, or a PostgreSQL URL / connection string.</summary>
public sealed partial record StoreLocation(StoreKind Kind, string ConnectionString, string Display)
{
    /// <summary>
    /// The location as text that <see cref="Parse"/> reads back to this same location: <c>sqlite:</c> and the full
    /// path, or the full Npgsql connection string (its password included). For handing a parsed location to a process
    /// this one starts, through its environment; never for printing (<see cref="Display"/> is for that).
    /// </summary>
    public string Canonical => Kind == StoreKind.Sqlite ? "sqlite:" + SqlitePath : ConnectionString;

    /// <summary>A SQLite store's file, as a full path; null for PostgreSQL.</summary>
    public string? SqlitePath { get; private init; }

    /// <summary>
    /// Parses a store location; throws an <see cref="ArgumentException"/> whose message shows the text with any
    /// password masked (<see cref="Redact"/>), never as typed.
    /// </summary>
    public static StoreLocation Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string t = text.Trim();
        if (t.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return Sqlite(t["sqlite:".Length..]);
        try
        {
            if (t.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
                return Postgres(FromUrl(t));
            if (t.Contains("Host=", StringComparison.OrdinalIgnoreCase))
                return Postgres(t);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"'{Redact(t)}' is not a valid PostgreSQL store ({Redact(e.Message)}); write postgresql://user@host:port/database (a password may follow the user, after a colon)");
        }

        if (t.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || t.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
            return Sqlite(t);
        throw new ArgumentException(
            $"'{Redact(t)}' is not a store; write sqlite:PATH (or a path ending in .db) or postgresql://user@host:port/database");
    }

    /// <summary>
    /// The text with every password it may hold masked: the password of a URL's user information
    /// (<c>scheme://user:***@host</c>, whatever the scheme, mistyped ones included) and <c>Password=</c> or
    /// <c>Pwd=</c> pairs of a connection string. For anything that prints or logs a location or an error about one.
    /// </summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string masked = Credentials().Replace(text, m => MaskUserInfo(m.Value));
        return PasswordPair().Replace(masked, "$1***");
    }

    /// <summary>
    /// One word holding an <c>@</c>: what comes before its last <c>@</c> is user information when it has a colon
    /// after the scheme (after the first <c>//</c>, else after a <c>scheme:/</c>, else anywhere in the word), and all
    /// of it after that colon is masked. A mistyped scheme (<c>postgresql:/u:PW@h</c>, <c>postgresql//u:PW@h</c>) is
    /// masked too; without either, from the word's first colon (<c>postgres:u:PW@h</c> becomes <c>postgres:***@h</c>).
    /// </summary>
    private static string MaskUserInfo(string word)
    {
        int at = word.LastIndexOf('@');
        string before = word[..at];
        int slashes = before.IndexOf("//", StringComparison.Ordinal);
        int start = slashes >= 0 ? slashes + 2 : SchemeOneSlash().Match(before) is { Success: true } m ? m.Length : 0;
        int colon = before.IndexOf(':', start);
        return colon < 0 ? word : before[..(colon + 1)] + "***" + word[at..];
    }

    /// <summary>Whether <paramref name="text"/> holds something that looks like a password in a URL or connection string.</summary>
    public static bool HoldsCredentials(string text) => !string.Equals(Redact(text ?? ""), text, StringComparison.Ordinal);

    public static StoreLocation Sqlite(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("sqlite: needs a file path, e.g. sqlite:results.db");
        // No folder is ever made from what looks like a URL or a password (sqlite:postgresql://u:PW@h/db).
        if (path.Contains("://", StringComparison.Ordinal) || HoldsCredentials(path))
            throw new ArgumentException($"'{Redact(path)}' looks like a URL, not a file path; sqlite: takes a file path (sqlite:results.db), a PostgreSQL store is written postgresql://user@host:port/database");
        string full = Path.GetFullPath(path);
        // Pooled, writers waiting up to a minute for each other; SqliteBackend opens it read-only when asked.
        var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 60 }.ConnectionString;
        return new StoreLocation(StoreKind.Sqlite, connection, "sqlite:" + full) { SqlitePath = full };
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
        if (uri.Host.Length == 0) throw new UriFormatException("the URL names no host");
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

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:/")]
    private static partial System.Text.RegularExpressions.Regex SchemeOneSlash();

    // A word (no white space or quotes) with an @ in it.
    [System.Text.RegularExpressions.GeneratedRegex(@"[^\s'""`]*@[^\s'""`]*")]
    private static partial System.Text.RegularExpressions.Regex Credentials();

    [System.Text.RegularExpressions.GeneratedRegex(@"((?:^|[;?&\s])\s*(?:password|pwd)\s*=\s*)[^;&]*", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PasswordPair();
}
