using System.Globalization;
using CsvHelper;
using Microsoft.Data.Sqlite;

namespace LRBench.Cli.Tests;

/// <summary>
/// Stores written by LRBench 0.1.0 (tests/data/stores-0.1.0, schema version 3) open, resume and rank the same after
/// the upgrade that stores each trial's value in its row.
/// </summary>
public sealed class LegacyStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-legacy-").FullName;

    public LegacyStoreTests()
    {
        string source = Path.Combine(RepositoryFiles.RepoRoot, "tests", "data", "stores-0.1.0");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(_dir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File_(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_tradeoff_store_of_0_1_0_prints_the_same_tables_without_training()
    {
        var (code, stdout, err) = Cli.Run("tradeoff", File_("legacy-tradeoff.yaml"), "--no-train", "--out", File_("tradeoff-report"));
        Assert.True(code == 0, err);
        string tables = stdout[..stdout.IndexOf("Report:", StringComparison.Ordinal)];
        Assert.Equal(File.ReadAllText(File_("tradeoff-tables.md")).ReplaceLineEndings(), tables.ReplaceLineEndings());
    }

    [Fact]
    public void A_policy_store_of_0_1_0_ranks_the_same_then_resumes_to_the_ranking_of_an_uninterrupted_run()
    {
        string study = File_("legacy-policies.yaml");
        var (code, ranked, err) = Cli.Run("study", "rank", study, "--format", "csv");
        Assert.True(code == 0, err);
        string interrupted = File.ReadAllText(File_("policies-rank-interrupted.csv"));
        Assert.Equal(Rows(interrupted, ColumnsOf(interrupted)), Rows(ranked, ColumnsOf(interrupted)));
        Assert.Equal(["3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"], Query(study, "SELECT version FROM schema_migrations WHERE version > 2 ORDER BY version"));
        Assert.Empty(Query(study, "SELECT name FROM sqlite_master WHERE name = 'artifacts'")); // migration 5 drops it
        Assert.Empty(Query(study, "SELECT id FROM trials WHERE trial IS NULL"));

        // The rest of the study runs from the upgraded rows: the half-done trial from its checkpoint, the range test's
        // values from the store's trials (no second range test, no new trials).
        var (runCode, runOut, runErr) = Cli.Run("study", "run", study, "--parallel", "1");
        Assert.True(runCode == 0, runErr + runOut);
        Assert.Contains("20 of 20 trials finished (11 in this run", runOut, StringComparison.Ordinal);
        Assert.Contains("resuming at step", runOut, StringComparison.Ordinal);

        // The same numbers as a run that was never interrupted, except the measured seconds to the target.
        var (_, complete, _) = Cli.Run("study", "rank", study, "--format", "csv");
        string uninterrupted = File.ReadAllText(File_("policies-rank-complete.csv"));
        var compared = ColumnsOf(uninterrupted).Where(c => c != "seconds_to_target").ToList();
        Assert.Equal(Rows(uninterrupted, compared), Rows(complete, compared));
    }

    /// <summary>The first column of a query on the study's SQLite store (beside the study file, as its default).</summary>
    private static List<string> Query(string studyFile, string sql)
    {
        string path = Path.ChangeExtension(studyFile, ".db");
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return values;
    }

    /// <summary>The columns a CSV has (0.1.0's ranking; later versions add columns at the end, such as the loss).</summary>
    private static List<string> ColumnsOf(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        Assert.True(reader.Read() && reader.ReadHeader());
        return [.. reader.HeaderRecord!];
    }

    /// <summary>The CSV's rows restricted to <paramref name="columns"/>, as "column=value | ..." lines.</summary>
    private static List<string> Rows(string csv, IReadOnlyList<string> columns)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        Assert.True(reader.Read() && reader.ReadHeader());
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(" | ", columns.Select(h => $"{h}={reader.GetField(h)}")));
        Assert.NotEmpty(rows);
        return rows;
    }
}
