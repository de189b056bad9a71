using System.Diagnostics;

namespace LRBench.Studies.Tests;

/// <summary>The example programs in examples/ build with the solution and run, briefly (--quick), to the end.</summary>
public sealed class ExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Output) Run(string example)
    {
        // Same configuration as this test assembly (Release in CI), built first: the test project references it.
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string dll = Path.Combine(RepositoryFiles.RepoRoot, "examples", example, "bin", configuration, "net10.0", example + ".dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (string a in new[] { dll, "--quick", "--out", Path.Combine(_dir, example) }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = ProgressWait.ForExit(process, () => lines.Count + Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).Count(), TimeSpan.FromMinutes(3));
        if (!exited) process.Kill(entireProcessTree: true);
        string output = string.Join("\n", lines);
        Assert.True(exited, "the example stopped making progress:\n" + output);
        return (process.ExitCode, output);
    }

    [Fact]
    public void OwnModel_runs_a_range_test_a_six_policy_study_and_a_hand_written_loop_with_the_winner()
    {
        var (code, output) = Run("OwnModel");
        Assert.True(code == 0, output);
        Assert.Contains("Task digits-cnn: 1200 training and 400 test digits.", output, StringComparison.Ordinal);
        Assert.Matches(@"Range test: good constant range [0-9.]+ to [0-9.]+; cyclic k0 = [0-9.]+, k1 = [0-9.]+\.", output);
        Assert.Contains("Study own-model: 12 of 12 trials finished (12 in this run)", output, StringComparison.Ordinal);
        var rows = output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\| [1-6] \|")).ToList();
        Assert.Equal(6, rows.Count); // the ranking: six policies
        Assert.Matches(@"Hand-written loop: top-1 [0-9.]+%, top-5 [0-9.]+%, AC [0-9.]+, CD [0-9.]+, CDAC [0-9.]+\.", output);
        Assert.True(File.Exists(Path.Combine(_dir, "OwnModel", "own-model.db")));
    }

    [Fact]
    public void Regression_ranks_its_policies_by_its_own_metric_and_else_by_validation_loss()
    {
        var (code, output) = Run("Regression");
        Assert.True(code == 0, output);
        Assert.Contains("Study regression: 10 of 10 trials finished", output, StringComparison.Ordinal);
        Assert.Contains("Ranked by r2 (highest first):", output, StringComparison.Ordinal);
        var ranked = System.Text.RegularExpressions.Regex.Matches(output, @"^(\d)\. (.+): R² (-?[0-9.]+), validation MSE ([0-9.]+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal(5, ranked.Count);
        var r2 = ranked.Select(m => double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(r2.OrderDescending(), r2); // highest R² first
        Assert.Contains("| - | - | - | - | - |", output, StringComparison.Ordinal); // top-1, top-5, AC, CD, CDAC do not exist here
        Assert.Contains("| loss | r2 | seeds |", output, StringComparison.Ordinal);
        Assert.Matches("By validation loss: .+, .+, .+, .+, .+", output);
    }
}
