using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace LRBench.Cli.Tests;

/// <summary>
/// Stores damaged in ways a file check cannot see: a FIFO where the file should be, a table dropped by hand, a
/// number column holding text, and a worker taking its first trial from a file with scrambled pages. Every command
/// that reads or works on the store exits 2 naming it; none hangs or ends in an internal error.
/// </summary>
public sealed class DamagedStoreCliTests : IDisposable
{
    private const string StudyText = """
        name: damaged
        task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
        seeds: [0]
        policies: ["FIX(k0=0.1)"]
        """;

    // A hang is the failure under test: each command gets far longer than it needs, and the test fails rather than waits forever.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-damaged-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StudyFile()
    {
        string path = Path.Combine(_dir, "damaged.yaml");
        File.WriteAllText(path, StudyText);
        return path;
    }

    private static (int Code, string Out, string Err) RunBounded(params string[] args)
    {
        var run = Task.Run(() => Cli.Run(args));
        Assert.True(run.Wait(Patience), $"lrbench {string.Join(' ', args)} did not return");
        return run.Result;
    }

    /// <summary>What the fuzzers accept: the command read the store (exit 0), or refused it in one line naming it (exit 2).</summary>
    private static bool ReadOrNamed(int code, string err, string db) =>
        code is 0 || (code == 2 && err.StartsWith("lrbench: ", StringComparison.Ordinal) && err.Contains(db, StringComparison.Ordinal) && err.TrimEnd().Split('\n').Length == 1);

    /// <summary>Every command that reads the store, on store <paramref name="db"/>.</summary>
    private static IEnumerable<string[]> Readers(string db) =>
    [
        ["study", "status", "damaged", "--store", "sqlite:" + db],
        ["study", "rank", "damaged", "--store", "sqlite:" + db],
        ["study", "report", "damaged", "--store", "sqlite:" + db, "--out", Path.Combine(Path.GetDirectoryName(db)!, "report")],
        ["recommend", "--dataset", "synthetic", "--model", "mlp:8", "--store", "sqlite:" + db],
    ];

    /// <summary>A store whose one trial has finished, with its evaluations, for damaging.</summary>
    private string FinishedStore()
    {
        string db = Path.Combine(_dir, "finished.db");
        var (code, _, err) = Cli.Run("study", "run", StudyFile(), "--store", "sqlite:" + db, "--threads", "1");
        Assert.True(code == 0, err);
        SqliteConnection.ClearAllPools();
        return db;
    }



    [Fact]
    public void A_fifo_in_place_of_the_store_file_is_refused_at_once()
    {
        string fifo = Path.Combine(_dir, "pipe.db");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo));
        string[][] others = [["study", "run", StudyFile(), "--store", "sqlite:" + fifo], ["worker", "--store", "sqlite:" + fifo], ["dashboard", "--store", "sqlite:" + fifo, "--port", "65533"]];
        foreach (var command in Readers(fifo).Concat(others))
        {
            var (code, _, err) = RunBounded(command);
            Cli.AssertBadInput(code, err, $"{fifo} is not a regular file");
        }
    }

    [Fact]
    public void A_dropped_table_is_named_by_every_command()
    {
        string db = FinishedStore();
        SqliteFile.Execute(db, "DROP TABLE lr_trace");
        foreach (var command in Readers(db).Append(["worker", "--store", "sqlite:" + db]).Append(["study", "run", StudyFile(), "--store", "sqlite:" + db]))
        {
            var (code, _, err) = RunBounded(command);
            Cli.AssertBadInput(code, err, $"sqlite:{db} is damaged: table lr_trace is missing");
        }
    }

    [Fact]
    public async Task Text_in_a_number_column_is_named_as_damage_by_commands_and_the_dashboard()
    {
        string db = FinishedStore();
        SqliteFile.Execute(db, "UPDATE evaluations SET top1 = 'abc'");
        foreach (var command in Readers(db))
        {
            var (code, _, err) = RunBounded(command);
            Cli.AssertBadInput(code, err, $"sqlite:{db} holds a value LRBench cannot read");
        }

        // The dashboard opened the store before the damage could be seen: what reads the evaluations (the ranking and
        // the charts' data, which the study page fetches) names it, and the server stays up.
        using var store = LRBench.Studies.Storage.StudyStore.OpenReadOnly(LRBench.Studies.Storage.StoreLocation.Parse("sqlite:" + db));
        var app = Dashboard.DashboardServer.Build(store, "http://127.0.0.1:0", Dashboard.DashboardServer.AllowedHosts("127.0.0.1", []));
        await app.StartAsync();
        await using var _ = app;
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        foreach (string path in new[] { "/study/1/ranking", "/api/studies/1/curves" })
        {
            using var page = await http.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("holds a value LRBench cannot read", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var missing = await http.GetAsync("/study/99");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode); // still serving
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_worker_on_a_store_with_scrambled_pages_names_it_and_changes_nothing(bool onlyOnePage)
    {
        string db = Path.Combine(_dir, "submitted.db");
        var (code, _, err) = Cli.Run("study", "submit", StudyFile(), "--store", "sqlite:" + db);
        Assert.True(code == 0, err);
        SqliteConnection.ClearAllPools();
        SqliteFile.Execute(db, "PRAGMA journal_mode=DELETE;");
        byte[] bytes = File.ReadAllBytes(db);
        // Every page after the schema's, or only the page the trials table starts on (its header included).
        int page = 4096;
        int trialsPage = onlyOnePage ? int.Parse(SqliteFile.Query(db, "SELECT rootpage FROM sqlite_master WHERE name = 'trials'"), System.Globalization.CultureInfo.InvariantCulture) : 0;
        int from = onlyOnePage ? (trialsPage - 1) * page : page + 100, to = onlyOnePage ? from + page : bytes.Length;
        for (int i = from; i < to; i += 7) bytes[i] ^= 0x5A;
        File.WriteAllBytes(db, bytes);

        (code, _, err) = RunBounded("worker", "--store", "sqlite:" + db);
        Cli.AssertBadInput(code, err, $"sqlite:{db} is damaged");
        SqliteConnection.ClearAllPools();
        Assert.Equal(bytes, File.ReadAllBytes(db));
    }

    /// <summary>
    /// A fuzzer over the schema: every column of every table, in a copy of a finished store, set to text, to null, to
    /// a huge number and to a negative one (what another program or a bad disk could leave). Reading commands either
    /// read it (a label is only text) or exit 2 naming the store; none ends in an internal error or a hang.
    /// </summary>
    [Fact]
    public void Every_column_of_every_table_set_to_nonsense_is_read_or_named()
    {
        string finished = FinishedStore();
        byte[] original = File.ReadAllBytes(finished);
        var columns = new List<(string Table, string Column)>();
        using (var c = new SqliteConnection($"Data Source={finished};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'schema_migrations' ORDER BY m.name, p.cid";
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        Assert.True(columns.Count > 50, $"only {columns.Count} columns found");
        string[] nonsense = ["'abc'", "NULL", "1e308", "-1"];
        int named = 0, read = 0;
        var problems = new List<string>();
        string db = Path.Combine(_dir, "fuzzed.db");
        foreach (var (table, column) in columns)
        {
            foreach (string value in nonsense)
            {
                File.WriteAllBytes(db, original);
                SqliteConnection.ClearAllPools();
                try
                {
                    SqliteFile.Execute(db, $"UPDATE {table} SET {column} = {value}");
                }
                catch (SqliteException)
                {
                    continue; // a NOT NULL or UNIQUE constraint kept the nonsense out
                }

                foreach (var command in Readers(db))
                {
                    var (code, _, err) = RunBounded(command);
                    string what = $"{table}.{column} = {value}: {string.Join(' ', command.Take(2))} exit {code}: {err.TrimEnd()}";
                    if (!ReadOrNamed(code, err, db))
                    {
                        problems.Add(what);
                    }
                    else if (code == 2)
                    {
                        named++;
                    }
                    else
                    {
                        read++;
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} readings neither read nor named the store:\n{string.Join('\n', problems)}");
        Assert.True(named > 0 && read > 0, $"named {named}, read {read}");
    }

    /// <summary>
    /// The same fuzzer for the writing side: every column of the trials table of a submitted study set to nonsense,
    /// then a worker. It trains the trial (the nonsense was harmless), or exits 2 naming the store; never an internal error.
    /// </summary>
    [Fact]
    public void A_worker_on_a_trials_table_with_nonsense_trains_or_names_the_store()
    {
        string submitted = Path.Combine(_dir, "submitted.db");
        var (code, _, err) = Cli.Run("study", "submit", StudyFile(), "--store", "sqlite:" + submitted);
        Assert.True(code == 0, err);
        SqliteConnection.ClearAllPools();
        SqliteFile.Execute(submitted, "PRAGMA journal_mode=DELETE;");
        byte[] original = File.ReadAllBytes(submitted);
        var columns = SqliteFile.Query(submitted, "SELECT group_concat(name, ',') FROM pragma_table_info('trials')").Split(',');
        Assert.Contains("attempts", columns);
        var problems = new List<string>();
        string db = Path.Combine(_dir, "fuzzed-trials.db");
        foreach (string column in columns)
        {
            foreach (string value in new[] { "'abc'", "NULL", "1e308", "-1" })
            {
                File.WriteAllBytes(db, original);
                SqliteConnection.ClearAllPools();
                try
                {
                    SqliteFile.Execute(db, $"UPDATE trials SET {column} = {value}");
                }
                catch (SqliteException)
                {
                    continue;
                }

                (code, _, err) = RunBounded("worker", "--store", "sqlite:" + db, "--threads", "1", "--out", Path.Combine(_dir, "out"));
                if (!ReadOrNamed(code, err, db))
                    problems.Add($"trials.{column} = {value}: exit {code}: {err.TrimEnd()}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} workers neither trained nor named the store:\n{string.Join('\n', problems)}");
    }
}
