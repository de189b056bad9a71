using LRBench.Studies.Storage;
using Microsoft.Data.Sqlite;
using LRBench.Studies.Model.Results;

namespace LRBench.Cli.Tests;

/// <summary>
/// Damaged, foreign and oversized input: stores, result and reference files, response-file tricks and limits. Each
/// ends in exit 2 with one line naming the file or value, and leaves what was on disk as it was.
/// </summary>
public sealed class DamagedInputCliTests : IDisposable
{
    private const string StudyText = """
        name: damaged
        task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
        seeds: [0]
        policies: ["FIX(k0=0.1)"]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-damaged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A real store with one submitted study, for damaging.</summary>
    private string SubmittedStore()
    {
        string db = Path.Combine(_dir, "real.db");
        var (code, _, err) = Cli.Run("study", "submit", File("damaged.yaml", StudyText), "--store", "sqlite:" + db);
        Assert.True(code == 0, err);
        SqliteConnection.ClearAllPools();
        foreach (string side in new[] { "-wal", "-shm" }) System.IO.File.Delete(db + side); // checkpointed on close
        return db;
    }


    /// <summary>Runs a read-only command on a store file and checks the file is byte for byte as it was, with no side files.</summary>
    private static void AssertReadOnlyRefusal(string db, string mentions)
    {
        byte[] before = System.IO.File.ReadAllBytes(db);
        foreach (var command in new[] { new[] { "study", "status", "damaged", "--store", "sqlite:" + db }, ["study", "rank", "damaged", "--store", "sqlite:" + db] })
        {
            var (code, _, err) = Cli.Run(command);
            Cli.AssertBadInput(code, err, mentions);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, System.IO.File.ReadAllBytes(db));
        Assert.False(System.IO.File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0, "a -wal file with content appeared");
    }

    [Fact]
    public void Read_only_commands_refuse_garbage_empty_foreign_and_newer_stores_and_change_nothing()
    {
        string garbage = Path.Combine(_dir, "garbage.db");
        System.IO.File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251))]);
        AssertReadOnlyRefusal(garbage, garbage);

        string empty = Path.Combine(_dir, "empty.db");
        System.IO.File.WriteAllBytes(empty, []);
        AssertReadOnlyRefusal(empty, "is not an LRBench store");

        string foreign = Path.Combine(_dir, "foreign.db");
        SqliteFile.Execute(foreign, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipes (name) VALUES ('bread');");

        AssertReadOnlyRefusal(foreign, "is not an LRBench store");

        string newer = SubmittedStore();
        SqliteFile.Execute(newer, "PRAGMA journal_mode=DELETE; INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'from the future', 'now');");

        AssertReadOnlyRefusal(newer, "newer than this LRBench");
    }

    [Fact]
    public void A_trial_whose_value_was_edited_by_hand_is_read_by_rank_but_never_trained_under_its_old_key()
    {
        string db = SubmittedStore();
        // Another learning rate in the stored value, the key left as it was: training it would write under another trial's name.
        SqliteFile.Execute(db, "UPDATE trials SET trial = replace(trial, 'k0=0.1', 'k0=0.5')");
        string changed = SqliteFile.Query(db, "SELECT trial FROM trials");
        Assert.Contains("k0=0.5", changed, StringComparison.Ordinal);

        var (code, _, err) = Cli.Run("study", "status", "damaged", "--store", "sqlite:" + db);
        Assert.True(code == 0, err); // readers trust the stored key: nothing is hashed to list a study

        (_, _, _) = Cli.Run("study", "run", File("damaged.yaml", StudyText), "--store", "sqlite:" + db, "--threads", "1");
        SqliteConnection.ClearAllPools();
        Assert.Equal("failed", SqliteFile.Query(db, "SELECT status FROM trials"));
        Assert.Contains("changed by hand", SqliteFile.Query(db, "SELECT error FROM trials"), StringComparison.Ordinal);
        Assert.Equal("0", SqliteFile.Query(db, "SELECT count(*) FROM evaluations"));
    }


    [Fact]
    public void A_store_with_scrambled_pages_is_named_as_damaged()
    {
        string db = SubmittedStore();
        SqliteFile.Execute(db, "PRAGMA journal_mode=DELETE;");

        byte[] bytes = System.IO.File.ReadAllBytes(db);
        Assert.True(bytes.Length > 8192, "the store should span several pages");
        for (int i = 4096 + 100; i < bytes.Length; i += 7) bytes[i] ^= 0x5A; // every page after the first
        System.IO.File.WriteAllBytes(db, bytes);
        AssertReadOnlyRefusal(db, db);
    }

    [Fact]
    public void A_writing_command_leaves_another_programs_database_alone()
    {
        string foreign = Path.Combine(_dir, "foreign.db");
        SqliteFile.Execute(foreign, "PRAGMA journal_mode=DELETE; CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT);");

        byte[] before = System.IO.File.ReadAllBytes(foreign);
        var (code, _, err) = Cli.Run("study", "submit", File("damaged.yaml", StudyText), "--store", "sqlite:" + foreign);
        Cli.AssertBadInput(code, err, "another program's tables");
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, System.IO.File.ReadAllBytes(foreign));
    }

    [Fact]
    public void A_study_whose_data_folder_is_missing_fails_with_file_and_line_before_any_store_is_made()
    {
        string study = File("nodata.yaml", """
            name: nodata
            task:
              dataset: fashion-mnist
              data_dir: /nonexistent/lrbench-data
              model: lenet5
            policies: ["FIX(k0=0.1)"]
            """);
        var (code, _, err) = Cli.Run("study", "run", study);
        Cli.AssertBadInput(code, err, $"{study}:4: task.data_dir:");
        Assert.Equal([study], Directory.GetFileSystemEntries(_dir));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit")]
    public void A_study_refused_while_planning_creates_no_store(string verb)
    {
        // Only planning can refuse this one: 100,000 batches against 3 epochs needs the data's epoch length.
        string study = File("late.yaml", """
            name: late
            task: {dataset: synthetic, model: "mlp:8", budget: 3ep}
            seeds: [0]
            pruner: {name: median, min_resource: 100000ba}
            policies: ["FIX(k0=0.1)", "FIX(k0=0.2)"]
            """);
        string db = Path.Combine(_dir, "late.db");
        var (code, _, err) = Cli.Run("study", verb, study, "--store", "sqlite:" + db);
        Cli.AssertBadInput(code, err, $"{study}:");
        Assert.False(System.IO.File.Exists(db), "a store was created for a study that cannot run");
        Assert.Equal([study], Directory.GetFileSystemEntries(_dir).Where(e => !e.EndsWith("-runs", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reference_and_result_files_of_the_wrong_shape_are_named_not_crashed_on()
    {
        var (code, _, err) = Cli.Run("schedule", "check", "--golden", File("array.json", "[1, 2, 3]"));
        Cli.AssertBadInput(code, err, "array.json");
        (code, _, err) = Cli.Run("schedule", "check", "--golden", File("text.json", "not json at all"));
        Cli.AssertBadInput(code, err, "text.json");
        (code, _, err) = Cli.Run("autowu", "replay", "--golden", File("empty.json", ""));
        Cli.AssertBadInput(code, err, "empty.json");
        (code, _, err) = Cli.Run("autowu", "replay", "--golden", File("wrong.json", """{"regressor_cases": 5}"""));
        Cli.AssertBadInput(code, err, "wrong.json");
        (code, var output, _) = Cli.Run("autowu", "replay", "--golden", File("types.json", """{"regressor_cases": [{"name": "x", "losses": "many"}]}"""));
        Assert.Equal(1, code); // a case that cannot be replayed is a failed case, not a crash
        Assert.EndsWith("0 passed, 1 failed", output.TrimEnd());
    }

    [Fact]
    public void Golden_files_are_read_strictly_and_within_bounds()
    {
        // A key given twice would silently pick one of two sets of cases.
        var (code, _, err) = Cli.Run("schedule", "check", "--golden", File("twice.json", """{"cases": {}, "cases": {}}"""));
        Cli.AssertBadInput(code, err, "twice.json is not valid JSON (a key may appear once per object)");
        (code, _, err) = Cli.Run("autowu", "replay", "--golden", File("twice-wu.json", """{"regressor_cases": [], "regressor_cases": []}"""));
        Cli.AssertBadInput(code, err, "twice-wu.json is not valid JSON");

        // A recording whose lists would need gigabytes fails its case, bounded, before any fit.
        string longCurve = "[" + string.Join(",", Enumerable.Repeat("0.5", 2_001)) + "]";
        (code, var output, _) = Cli.Run("autowu", "replay", "--golden", File("long.json", $$"""{"regressor_cases": [{"name": "long", "losses": {{longCurve}}}]}"""));
        Assert.Equal(1, code);
        Assert.Contains("cannot replay: a list holds 2001 values; at most 2000 are replayed", output, StringComparison.Ordinal);
        (code, output, _) = Cli.Run("autowu", "replay", "--golden", File("steps.json", """{"trajectory_cases": [{"name": "huge", "steps_per_epoch": 1000000000, "total_epochs": 1000000000, "best_log10_lr": -1, "scale": 1}]}"""));
        Assert.Equal(1, code);
        Assert.Contains("at most 2000 epochs and 1000000 steps", output, StringComparison.Ordinal);

        // A file beyond the size limit is refused while reading, whatever it holds.
        string big = Path.Combine(_dir, "big.json");
        using (var f = System.IO.File.Create(big)) f.SetLength(LRBench.Schedules.Parity.GoldenJson.MaxBytes + 1L);
        (code, _, err) = Cli.Run("schedule", "check", "--golden", big);
        Cli.AssertBadInput(code, err, "big.json is larger than 64 MiB");
    }

    [Fact]
    public void A_damaged_range_test_file_is_named()
    {
        string study = File("ranged.yaml", """
            name: ranged
            task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
            range_test: {start: 1e-4, end: 1, steps: 20}
            seeds: [0]
            policies:
              - policy: FIX
                grid: {k0: [$low]}
            """);
        string runs = Directory.CreateDirectory(Path.Combine(_dir, "ranged-runs")).FullName;
        string file = Path.Combine(runs, "range-test.json");
        foreach (string damaged in new[] { "garbage{", """{"low": "high"}""", "{}", """{"low": -1}""" })
        {
            System.IO.File.WriteAllText(file, damaged);
            var (code, _, err) = Cli.Run("study", "run", study);
            Cli.AssertBadInput(code, err, file);
        }
    }

    [Fact]
    public void Spec_files_are_read_by_lrbench_not_expanded_as_response_files()
    {
        string spec = File("spec.txt", "TRI(k0=0.01, k1=0.1, l=10)\n");
        var (code, output, err) = Cli.Run("schedule", "values", "--spec", "@" + spec, "--steps", "3");
        Assert.True(code == 0, err);
        Assert.Equal("step,lr\n0,0.01\n1,0.019\n2,0.027999999999999997", output.TrimEnd().ReplaceLineEndings("\n"));

        string json = File("spec.json", """{"policy": "TRI", "params": {"k0": 0.01, "k1": 0.1, "l": 10}}""");
        (code, output, err) = Cli.Run("schedule", "values", "--spec", "@" + json, "--steps", "3");
        Assert.True(code == 0, err);

        (code, _, err) = Cli.Run("schedule", "values", "--spec", "@" + _dir, "--steps", "3");
        Cli.AssertBadInput(code, err, "is a directory");
        string self = Path.Combine(_dir, "self.txt");
        System.IO.File.WriteAllText(self, "@" + self);
        (code, _, err) = Cli.Run("schedule", "values", "--spec", "@" + self, "--steps", "3");
        Cli.AssertBadInput(code, err, "does not hold a valid policy spec"); // an @ inside the file is text, not another file
        (code, _, err) = Cli.Run("schedule", "values", "--spec", "@/dev/zero", "--steps", "3");
        Cli.AssertBadInput(code, err, "larger than 1024 KiB");
    }

    [Fact]
    public void Sizes_past_the_limits_are_refused_with_the_limit()
    {
        var (code, _, err) = Cli.Run("schedule", "values", "--spec", "FIX(k0=0.1)", "--steps", "2000000000");
        Cli.AssertBadInput(code, err, "--steps must be from 1 to 10000000");
        (code, _, err) = Cli.Run("train", "--dataset", "synthetic", "--model", "mlp:8", "--policy", "FIX(k0=0.1)", "--epochs", "1e300", "--out", Path.Combine(_dir, "long"));
        Cli.AssertBadInput(code, err, "at most 1,000,000,000 steps");
        string grid = File("grid.yaml", """
            name: grid
            task: {dataset: synthetic, model: "mlp:8", budget: 1ep}
            policies:
              - policy: TRI
                grid: {k0: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.017, 0.018, 0.019, 0.02, 0.021, 0.022],
                       k1: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2],
                       l: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220]}
            """);
        (code, _, err) = Cli.Run("study", "submit", grid, "--store", "sqlite:" + Path.Combine(_dir, "grid.db"));
        Cli.AssertBadInput(code, err, "grid.yaml:5: policies[0].grid: has 22 x 22 x 22 points; a study may have at most 10000 trials");
        Assert.False(System.IO.File.Exists(Path.Combine(_dir, "grid.db")));
        string budget = File("budget.yaml", StudyText.Replace("budget: 1ep", "budget: 1e300ep", StringComparison.Ordinal).Replace("damaged", "budget", StringComparison.Ordinal));
        (code, _, err) = Cli.Run("study", "submit", budget, "--store", "sqlite:" + Path.Combine(_dir, "budget.db"));
        Cli.AssertBadInput(code, err, "budget.yaml:2: task.budget: 1E+300ep is more than the 1,000,000,000 steps a run may have");
        Assert.False(System.IO.File.Exists(Path.Combine(_dir, "budget.db")));
    }

    [Fact]
    public void A_store_that_exists_only_as_a_name_is_not_created_by_reading()
    {
        string db = Path.Combine(_dir, "nothing.db");
        var (code, _, err) = Cli.Run("study", "status", "x", "--store", "sqlite:" + db);
        Cli.AssertBadInput(code, err, "no store at");
        Assert.False(System.IO.File.Exists(db));
        Assert.NotNull(StoreLocation.Parse("sqlite:" + db)); // the location itself was fine
    }
}
