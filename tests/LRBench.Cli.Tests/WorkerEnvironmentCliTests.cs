using System.Diagnostics;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;

namespace LRBench.Cli.Tests;

/// <summary>
/// One misconfigured or broken worker must not ruin a shared store: bad options exit 2 before anything is claimed,
/// a worker whose folder breaks mid-study gives its trial back unharmed and stops, and failed trials can be retried on
/// purpose. End to end, on SQLite and on a real PostgreSQL server.
/// </summary>
public sealed class WorkerEnvironmentCliTests : IDisposable
{
    // 2 trials of 400 steps with a checkpoint every 20: long enough to break a worker's folder part-way through one.
    private const string Study = """
        name: envcli
        task: {dataset: synthetic, model: cnn3, batch_size: 50, budget: 10ep, evaluate_every: 5ep, checkpoint_every: 20ba}
        seeds: [0]
        policies: ["FIX(k0=0.02)", "EXP(k0=0.05, gamma=0.999)"]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-environment-").FullName;
    private PostgresServer? _postgres;

    public void Dispose()
    {
        _postgres?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Submit(string kind)
    {
        string file = Path.Combine(_dir, "envcli.yaml");
        File.WriteAllText(file, Study);
        string store = kind == "sqlite" ? "sqlite:" + Path.Combine(_dir, "envcli.db") : (_postgres = new PostgresServer()).NewDatabase();
        var (code, output, err) = Cli.Run("study", "submit", file, "--store", store);
        Assert.True(code == 0, err + output);
        return store;
    }

    private static List<TrialRow> Trials(string store)
    {
        using var s = StudyStore.Open(store);
        return [.. s.Results.Trials(s.Results.FindStudy("envcli")!.Id)];
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_worker_with_a_bad_option_exits_2_and_leaves_every_trial_untouched(string kind)
    {
        string store = Submit(kind);
        string outDir = Path.Combine(_dir, "runs");
        string[][] bad =
        [
            ["--out", "/dev/null/x"], ["--out", ""], ["--out", "/"], ["--threads", "0"], ["--threads", "100000"], ["--parallel", "100000"],
            ["--parallel", "0"], ["--tensorboard", "/"], ["--tensorboard", "/dev/null/tb"], ["--tensorboard", ""], ["--lease", "1e9"],
        ];
        foreach (string[] option in bad)
        {
            string[] args = ["worker", "--store", store, "--out", outDir, .. option];
            var (code, output, err) = Cli.Run(args);
            Cli.AssertBadInput(code, err, option[0]);
            Assert.DoesNotContain("study envcli", output, StringComparison.Ordinal);
        }

        Assert.All(Trials(store), t => Assert.Equal((TrialStatus.Pending, 0, 0), (t.Status, t.Attempts, t.Failures)));

        // `study run` refuses its bad options before it makes a store.
        string file = Path.Combine(_dir, "fresh", "envcli.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Study);
        var (runCode, _, runErr) = Cli.Run("study", "run", file, "--threads", "0");
        Cli.AssertBadInput(runCode, runErr, "--threads");
        Assert.False(File.Exists(Path.ChangeExtension(file, ".db")));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_worker_whose_folder_breaks_mid_study_releases_its_trial_and_a_healthy_worker_finishes_the_study(string kind)
    {
        string store = Submit(kind);
        string outDir = Path.Combine(_dir, "breaking");
        using var breaker = new CancellationTokenSource();
        // Once a trial has a checkpoint on disk, the worker's folder is replaced by a file: its next checkpoint fails.
        long hit = -1;
        var sabotage = new Thread(() =>
        {
            while (!breaker.IsCancellationRequested)
            {
                if (Trials(store).FirstOrDefault(t => t.Status == TrialStatus.Running && t.CheckpointDir is { } d && TrialFolders.CheckpointStep(d) is not null) is { } running)
                {
                    try
                    {
                        Directory.Delete(outDir, recursive: true);
                        File.WriteAllText(outDir, "not a folder");
                        Interlocked.Exchange(ref hit, running.Id);
                        return;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // The worker was writing a checkpoint inside the folder (or made it again) meanwhile: try again.
                    }
                }

                Thread.Sleep(20);
            }
        });
        sabotage.Start();
        var (code, output, err) = Cli.Run("worker", "--store", store, "--out", outDir, "--parallel", "1", "--threads", "1");
        breaker.Cancel();
        sabotage.Join();
        Assert.True(hit > 0, "the worker finished before its folder could be broken: " + output);
        Cli.AssertBadInput(code, err, "this worker stopped");
        Assert.Contains("without spending an attempt", err, StringComparison.Ordinal);

        var trials = Trials(store);
        var released = Assert.Single(trials, t => t.Id == hit);
        Assert.Equal((TrialStatus.Pending, 0), (released.Status, released.Failures));
        Assert.DoesNotContain(trials, t => t.Status is TrialStatus.Failed or TrialStatus.Running);

        string healthy = Path.Combine(_dir, "healthy");
        var (okCode, okOut, okErr) = Cli.Run("worker", "--store", store, "--out", healthy, "--parallel", "1", "--threads", "1");
        Assert.True(okCode == 0, okErr + okOut);
        Assert.All(Trials(store), t => Assert.Equal((TrialStatus.Completed, 0), (t.Status, t.Failures)));
    }

    [Fact]
    public void Failed_trials_are_retried_on_purpose_with_their_history_kept()
    {
        string store = Submit("sqlite");
        using (var s = StudyStore.Open(store))
        {
            long id = s.Results.FindStudy("envcli")!.Id;
            for (int i = 1; i <= 3; i++) s.Queue.Fail(s.Queue.Claim(id, "host:1:a", TimeSpan.FromMinutes(1))!, $"CUDA error {i}", maxFailures: 3);
        }

        var (statusCode, status, _) = Cli.Run("study", "status", "envcli", "--store", store);
        Assert.Equal(0, statusCode);
        Assert.Contains("1 failed", status, StringComparison.Ordinal);

        var (code, output, err) = Cli.Run("study", "retry", "envcli", "--store", store);
        Assert.True(code == 0, err + output);
        Assert.Contains("#1 FIX(k0=0.02) seed 0: failed -> pending (last error: CUDA error 3)", output, StringComparison.Ordinal);
        Assert.Contains("1 trial(s) of study envcli are pending again", output, StringComparison.Ordinal);
        Assert.All(Trials(store), t => Assert.Equal(TrialStatus.Pending, t.Status));

        var (again, nothing, _) = Cli.Run("study", "retry", "envcli", "--store", store, "--trial", "2");
        Assert.Equal(0, again);
        Assert.Contains("Nothing to retry", nothing, StringComparison.Ordinal);
        var (badCode, _, badErr) = Cli.Run("study", "retry", "envcli", "--store", store, "--trial", "7");
        Cli.AssertBadInput(badCode, badErr, "trials 1 to 2");

        using var after = StudyStore.Open(store);
        Assert.Equal(3, after.Results.Failures(after.Results.FindStudy("envcli")!.Id).Count);
    }
}
