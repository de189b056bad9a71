using System.Text;
using Microsoft.Data.Sqlite;

namespace LRBench.Cli.Tests;

/// <summary>
/// Generated malformed study files (broken structure, wrong types, oversized values, deep nesting, alias chains)
/// submitted to a store that already holds a study: each is either accepted or refused with exit 2 and one line that
/// names the file (with its line where YAML knows it), and a refused file leaves the store byte for byte as it was.
/// </summary>
public sealed class StudyFileFuzzTests : IDisposable
{
    private const string Valid = """
        name: fuzz
        task:
          dataset: synthetic
          model: "mlp:8"
          optimizer: {name: sgd, momentum: 0.9}
          batch_size: 50
          budget: 1ep
          evaluate_every: 0.5ep
        seeds: [0, 1]
        target_accuracy: 0.8
        methods:
          - {name: smooth, label_smoothing: 0.1}
        policies:
          - "FIX(k0=0.1)"
          - policy: TRI2
            params: {l: 0.5ep}
            grid: {k0: [0.001, 0.01], k1: [0.1]}
        """;

    // The blocks with settings of their own: a pruner (ASHA with fair rungs) and searches (random and gp).
    private const string ValidSearchAndPruner = """
        name: fuzz
        task:
          dataset: synthetic
          model: "mlp:8"
          batch_size: 50
          budget: 2ep
          evaluate_every: 0.5ep
        seeds: [0]
        pruner:
          name: asha
          min_resource: 0.5ep
          reduction_factor: 2
          fair: {anneal: 0.1ep}
        policies:
          - policy: FIX
            search:
              sampler: random
              trials: 3
              seed: 1
              space:
                k0: {log_uniform: [0.001, 0.5]}
          - policy: TRI2
            params: {l: 0.5ep}
            search:
              sampler: gp
              trials: 4
              initial: 2
              space:
                k0: {uniform: [0.001, 0.01]}
                k1: {choice: [0.1, 0.2]}
        """;

    private static readonly string[] Replacements =
    [
        "\"x\"", "[]", "{}", "[[[[1]]]]", "{a: {b: {c: d}}}", "-1", "1e308", "nan", "null", "~", "true", "0", "1e-320",
        "\"\\u0000\"", "名前", "🙂", "&a [*a]", "*undefined", "!!binary AAAA", "|\n  text", "'unterminated", "[1, 2", "{a: 1",
        new string('[', 300) + new string(']', 300), string.Concat(Enumerable.Repeat("9", 5000)),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-studyfuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("policies")]
    [InlineData("search-and-pruner")]
    public void Malformed_study_files_are_refused_with_their_file_and_leave_the_store_untouched(string document)
    {
        string valid = document == "policies" ? Valid : ValidSearchAndPruner;
        string baseStore = Path.Combine(_dir, "base.db");
        string baseFile = Path.Combine(_dir, "base.yaml");
        File.WriteAllText(baseFile, valid.Replace("name: fuzz", "name: fuzz-base", StringComparison.Ordinal));
        var (code, _, err) = Cli.Run("study", "submit", baseFile, "--store", "sqlite:" + baseStore);
        Assert.True(code == 0, err);
        SqliteConnection.ClearAllPools();
        CheckpointWal(baseStore);
        byte[] original = File.ReadAllBytes(baseStore);

        int refused = 0;
        for (int seed = 0; seed < 250; seed++)
        {
            string text = Mutate(valid, new Random(seed));
            string file = Path.Combine(_dir, $"case-{seed}.yaml");
            File.WriteAllText(file, text);
            string store = Path.Combine(_dir, $"case-{seed}.db");
            File.WriteAllBytes(store, original);

            (code, _, err) = Cli.Run("study", "submit", file, "--store", "sqlite:" + store);
            Assert.True(code is 0 or 2, $"seed {seed}: exit {code}: {err}\n--- file ---\n{Show(text)}");
            if (code == 2)
            {
                refused++;
                Cli.AssertBadInput(code, err);
                Assert.True(err.StartsWith($"lrbench: {file}", StringComparison.Ordinal), $"seed {seed}: the error does not name the file: {err}");
                SqliteConnection.ClearAllPools();
                Assert.True(original.AsSpan().SequenceEqual(File.ReadAllBytes(store)), $"seed {seed}: a refused file changed the store: {err}");
            }

            File.Delete(file);
            foreach (string f in Directory.GetFiles(_dir, $"case-{seed}.db*")) File.Delete(f);
        }

        Assert.InRange(refused, 100, 250); // most mutations break the file; some leave it valid
    }

    [Fact]
    public void Oversized_and_alias_heavy_files_are_refused_quickly()
    {
        string big = Path.Combine(_dir, "big.yaml");
        File.WriteAllText(big, Valid + "# " + new string('x', 2 << 20) + "\n");
        var (code, _, err) = Cli.Run("study", "submit", big, "--store", "sqlite:" + Path.Combine(_dir, "big.db"));
        Assert.Equal(2, code);
        Assert.Contains("a study file may have at most", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "big.db")));

        var laughs = new StringBuilder(Valid).Append("\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n");
        for (int i = 1; i < 12; i++) laughs.Append($"x{i}: &x{i} [{string.Join(", ", Enumerable.Repeat($"*x{i - 1}", 10))}]\n");
        string bomb = Path.Combine(_dir, "bomb.yaml");
        File.WriteAllText(bomb, laughs.ToString());
        long before = GC.GetAllocatedBytesForCurrentThread();
        (code, _, err) = Cli.Run("study", "submit", bomb, "--store", "sqlite:" + Path.Combine(_dir, "bomb.db"));
        Assert.Equal(2, code);
        Assert.Contains("once its aliases are expanded", err, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the alias chain was expanded");
    }

    private static string Mutate(string valid, Random r)
    {
        var lines = valid.Split('\n').ToList();
        for (int i = 0, n = r.Next(1, 4); i < n; i++)
        {
            int at = r.Next(lines.Count);
            string line = lines[at];
            switch (r.Next(6))
            {
                case 0: // a value of the wrong type or size
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0) lines[at] = line[..(colon + 1)] + " " + Replacements[r.Next(Replacements.Length)];
                    break;
                case 1: // a line lost
                    lines.RemoveAt(at);
                    break;
                case 2: // a character that changes the structure
                    int pos = r.Next(line.Length + 1);
                    lines[at] = line.Insert(pos, "{}[]:,-&*!|>'\"\t#"[r.Next(16)].ToString());
                    break;
                case 3: // indentation changed
                    lines[at] = r.Next(2) == 0 ? "  " + line : line.TrimStart();
                    break;
                case 4: // a key no one knows, or a known key twice
                    lines.Insert(at, r.Next(2) == 0 ? "unknown_key: 1" : lines[r.Next(lines.Count)]);
                    break;
                default: // text cut short
                    lines[at] = line[..r.Next(line.Length + 1)];
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    private static void CheckpointWal(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);"; // everything in the main file, which the cases compare
        cmd.ExecuteNonQuery();
    }

    private static string Show(string text) => text.Length > 2000 ? text[..2000] + "..." : text;
}
