using System.Diagnostics;
using LRBench.Studies.Analysis;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;

namespace LRBench.Cli.Tests;

/// <summary>
/// Distributed workers for real: a PostgreSQL server on 127.0.0.1, a study submitted to it, three `lrbench worker`
/// processes, one killed with SIGKILL while it trains. Every trial must finish exactly once and the ranking must equal
/// the one a single `lrbench study run` produces.
/// </summary>
public sealed class WorkerCliTests : IDisposable
{
    // 12 trials of 400 steps each, checkpoints every 20 steps so a taken-over trial resumes part-way.
    private const string Study = """
        name: workers
        task: {dataset: synthetic, model: cnn3, batch_size: 50, budget: 10ep, evaluate_every: 5ep, checkpoint_every: 20ba}
        seeds: [0, 1]
        target_accuracy: 0.8
        policies: ["FIX(k0=0.02)", "EXP(k0=0.05, gamma=0.999)", "TRI2(k0=0.001, k1=0.1, l=2ep)", "COS(k0=0.05, k1=0.001, l=10ep)", "STEP(k0=0.05, gamma=0.5, l=3ep)", "SIN2(k0=0.001, k1=0.08, l=2ep)"]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-workers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string folder)
    {
        string dir = Path.Combine(_dir, folder);
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "workers.yaml");
        File.WriteAllText(file, Study);
        return file;
    }

    private static List<string> Ranked(StudyStore store)
    {
        long id = store.FindStudy("workers")!.Id;
        return [.. Ranking.Rank(store.Trials(id), store.Evaluations(id), 0.8).Select(p => $"{p.Label} {p.Top1.Mean:R} {p.Ld.Mean:R} {p.IterAtBest.Mean:R} {p.Ac.Mean:R}")];
    }

    private static Process StartWorker(string store, string outDir)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "lrbench.dll"), "worker", "--store", store, "--parallel", "1", "--threads", "1", "--lease", "8", "--out", outDir })
            start.ArgumentList.Add(a);
        var p = Process.Start(start)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    [Fact]
    public void Three_workers_one_killed_finish_every_trial_exactly_once_with_the_single_process_ranking()
    {
        string reference = Write("reference");
        Assert.Equal(0, Cli.Run("study", "run", reference, "--parallel", "2").Code);
        List<string> expected;
        using (var sqlite = StudyStore.Open("sqlite:" + Path.Combine(_dir, "reference", "workers.db")))
            expected = Ranked(sqlite);

        using var pg = new PostgresServer();
        string url = pg.NewDatabase();
        var (code, output, err) = Cli.Run("study", "submit", Write("shared"), "--store", url);
        Assert.True(code == 0, err + output);
        string outDir = Path.Combine(_dir, "shared-runs");

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(url, outDir)).ToList();
        try
        {
            using var store = StudyStore.Open(url);
            long id = store.FindStudy("workers")!.Id;
            var victim = workers[0];
            string tag = $":{victim.Id}:";
            var deadline = DateTime.UtcNow.AddMinutes(3);
            long? orphan = null;
            while (orphan is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the victim never held a trial part-way while another had finished");
                Assert.False(victim.HasExited, "the victim worker exited before it could be killed");
                var trials = store.Trials(id);
                var held = trials.FirstOrDefault(t => t.Status == TrialStatus.Running && t.Worker?.Contains(tag, StringComparison.Ordinal) == true &&
                    t.CheckpointDir is { } d && File.Exists(Path.Combine(d, "checkpoint", "state.json")));
                if (held is not null && trials.Any(t => t.Status == TrialStatus.Completed)) orphan = held.Id;
                else Thread.Sleep(50);
            }

            victim.Kill(entireProcessTree: true); // SIGKILL mid-trial
            victim.WaitForExit();

            foreach (var w in workers.Skip(1))
            {
                Assert.True(w.WaitForExit(TimeSpan.FromMinutes(5)), "a surviving worker did not finish the study");
                Assert.Equal(0, w.ExitCode);
            }

            var after = store.Trials(id);
            string table = string.Join("; ", after.Select(t => $"#{t.Id} {t.Status} attempts {t.Attempts} {t.Worker}"));
            Assert.True(after.All(t => t.Status == TrialStatus.Completed), table);
            Assert.True(after.All(t => t.Attempts == (t.Id == orphan ? 2 : 1)), "attempts: " + table);
            Assert.Equal(12 * 2, store.Evaluations(id).Count); // 400 steps evaluated every 200: no duplicates, nothing lost
            Assert.True(after.Select(t => t.Machine).Distinct().Count() == 1);
            Assert.Equal(expected, Ranked(store));
        }
        finally
        {
            foreach (var w in workers.Where(w => !w.HasExited)) w.Kill(entireProcessTree: true);
            foreach (var w in workers) w.Dispose();
        }
    }

    [Fact]
    public void A_sqlite_store_refuses_a_worker_while_another_machine_holds_its_trials()
    {
        string db = Path.Combine(_dir, "local.db");
        var (code, output, err) = Cli.Run("study", "submit", Write("local"), "--store", "sqlite:" + db);
        Assert.True(code == 0, err + output);
        using (var store = StudyStore.Open("sqlite:" + db))
            Assert.NotNull(store.Claim(store.FindStudy("workers")!.Id, "elsewhere:4242:abcdef", TimeSpan.FromMinutes(5)));

        (code, _, err) = Cli.Run("worker", "--store", "sqlite:" + db);
        Assert.Equal(2, code);
        Assert.Contains("host elsewhere is running trials from it", err, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", err, StringComparison.Ordinal);

        (code, _, err) = Cli.Run("worker", "--store", "sqlite:" + db, "--study", "nope");
        Assert.Equal(2, code);
    }
}
