using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Tests;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;

namespace LRBench.Cli.Tests;

/// <summary>A study of a program's own task, run by that program: the command line ranks and reports it, and refuses to run it.</summary>
public sealed class UserTaskCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-user-task-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Rank_and_report_read_the_store_and_run_submit_and_worker_leave_it_to_the_program()
    {
        string file = Path.Combine(_dir, "sine.yaml");
        string text = """
            name: sine
            task: {custom: sine-regression, batch_size: 25, budget: 4ep, evaluate_every: 2ep}
            seeds: [0]
            policies: ["FIX(k0=0.05)", "FIX(k0=0.0001)", "warmup_cosine(peak_lr=0.1, warmup=0.5ep)"]
            """;
        File.WriteAllText(file, text);
        string db = Path.Combine(_dir, "sine.db");
        using (var regression = Regression.Create(seed: 2))
        using (var store = StudyStore.Open("sqlite:" + db))
        {
            // What the user's program does: the study file, its task, a runner.
            var runner = new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "sine-runs"), Parallel = 1, Tasks = new TaskCatalog().Add(regression.Task) });
            Assert.Equal(3, runner.SubmitAndRun(StudyParser.Load(file), text).RanNow);
        }

        var (code, md, err) = Cli.Run("study", "rank", file, "--format", "markdown");
        Assert.True(code == 0, err);
        Assert.Contains("| loss | r2 | seeds |", md, StringComparison.Ordinal);
        Assert.Contains("| 3 | FIX(k0=0.0001) |", md, StringComparison.Ordinal); // the smallest rate fits worst in 64 steps

        var (rankCode, table, _) = Cli.Run("study", "rank", file);
        Assert.Equal(0, rankCode);
        Assert.Contains("ranked by r2", table, StringComparison.Ordinal);
        var (sortCode, _, sortErr) = Cli.Run("study", "rank", file, "--sort", "loss");
        Assert.True(sortCode == 0, sortErr);

        var (reportCode, _, reportErr) = Cli.Run("study", "report", file, "--out", Path.Combine(_dir, "report"));
        Assert.True(reportCode == 0, reportErr);
        Assert.Contains("<th>r2</th>", File.ReadAllText(Path.Combine(_dir, "report", "report.html")), StringComparison.Ordinal);

        var (runCode, _, runErr) = Cli.Run("study", "run", file);
        Cli.AssertBadInput(runCode, runErr, "task.custom: 'sine-regression' is a program's own task; run the study from that program");
        var (submitCode, _, submitErr) = Cli.Run("study", "submit", file);
        Cli.AssertBadInput(submitCode, submitErr, "task.custom:");
    }
}
