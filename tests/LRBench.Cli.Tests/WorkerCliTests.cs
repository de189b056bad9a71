using System.Diagnostics;
using LRBench.Studies.Analysis;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Cli.Tests;

/// <summary>
/// Distributed workers for real: a PostgreSQL server on 127.0.0.1, a study submitted to it, three `lrbench worker`
/// processes, one killed with SIGKILL while it trains. Every trial must finish exactly once and the ranking must equal
/// the one a single `lrbench study run` produces.
/// </summary>
public sealed class WorkerCliTests(WorkerCliTests.SingleProcessRanking reference) : IDisposable, IClassFixture<WorkerCliTests.SingleProcessRanking>
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

    private string Write(string folder) => Write(_dir, folder);

    private static string Write(string root, string folder)
    {
        string dir = Path.Combine(root, folder);
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "workers.yaml");
        File.WriteAllText(file, Study);
        return file;
    }

    /// <summary>The ranking of the same study run by one `lrbench study run` process: what every distributed run must reproduce.</summary>
    public sealed class SingleProcessRanking : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-reference-").FullName;
        private List<string>? _ranking;

        public List<string> Ranking
        {
            get
            {
                if (_ranking is not null) return _ranking;
                var (code, output, err) = Cli.Run("study", "run", Write(_dir, "reference"), "--parallel", "2");
                Assert.True(code == 0, err + output);
                using var sqlite = StudyStore.Open("sqlite:" + Path.Combine(_dir, "reference", "workers.db"));
                return _ranking = Ranked(sqlite);
            }
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }

    private static List<string> Ranked(StudyStore store)
    {
        long id = store.Results.FindStudy("workers")!.Id;
        return [.. Ranking.Rank(store.Results.Trials(id), store.Results.Evaluations(id), 0.8).Select(p => $"{p.Label} {p.Top1.Mean:R} {p.Ld.Mean:R} {p.IterAtBest.Mean:R} {p.Ac.Mean:R}")];
    }

    private static string[] WorkerArguments(string store, string outDir) =>
        [Path.Combine(AppContext.BaseDirectory, "lrbench.dll"), "worker", "--store", store, "--parallel", "1", "--threads", "1", "--lease", "8", "--out", outDir];

    private static Process StartWorker(string store, string outDir, List<string>? output = null, string? host = null)
    {
        ProcessStartInfo start;
        if (host is null)
        {
            start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in WorkerArguments(store, outDir)) start.ArgumentList.Add(a);
        }
        else
        {
            start = NetworkLab.Exec(host, "dotnet", WorkerArguments(store, outDir));
        }

        var p = Process.Start(start)!;
        void Keep(string? line)
        {
            if (output is null || line is null) return;
            lock (output) output.Add(line);
        }

        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>
    /// The trial a worker holds part-way once another trial has finished, or null: its checkpoint on disk is at most
    /// halfway (step 200 of 400), so the trial cannot finish between this look and the kill however loaded the machine
    /// (one that had checkpointed near its end once finished in that gap, leaving nothing orphaned).
    /// </summary>
    private static long? HeldPartWay(StudyStore store, long studyId, Process worker)
    {
        string tag = $":{worker.Id}:";
        var trials = store.Results.Trials(studyId);
        var held = trials.FirstOrDefault(t => t.Status == TrialStatus.Running && t.Worker?.Contains(tag, StringComparison.Ordinal) == true &&
            t.CheckpointDir is { } d && TrialFolders.CheckpointStep(d) is long step && step <= 200);
        return held is not null && trials.Any(t => t.Status == TrialStatus.Completed) ? held.Id : null;
    }

    [Fact]
    public void Three_workers_one_killed_finish_every_trial_exactly_once_with_the_single_process_ranking()
    {
        var expected = reference.Ranking;
        using var pg = new PostgresServer();
        string url = pg.NewDatabase();
        var (code, output, err) = Cli.Run("study", "submit", Write("shared"), "--store", url);
        Assert.True(code == 0, err + output);
        string outDir = Path.Combine(_dir, "shared-runs");

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(url, outDir)).ToList();
        try
        {
            using var store = StudyStore.Open(url);
            long id = store.Results.FindStudy("workers")!.Id;
            var victim = workers[0];
            var deadline = System.Diagnostics.Stopwatch.StartNew(); // a bound on waiting, measured on this machine
            long? orphan;
            while ((orphan = HeldPartWay(store, id, victim)) is null)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "the victim never held a trial part-way while another had finished");
                Assert.False(victim.HasExited, "the victim worker exited before it could be killed");
                Thread.Sleep(50);
            }

            victim.Kill(entireProcessTree: true); // SIGKILL mid-trial
            victim.WaitForExit();

            foreach (var w in workers.Skip(1))
            {
                Assert.True(ProgressWait.ForExit(w, () => store.Results.Evaluations(id).Count, TimeSpan.FromMinutes(3)), "a surviving worker stopped making progress");
                Assert.Equal(0, w.ExitCode);
            }

            var after = store.Results.Trials(id);
            string table = string.Join("; ", after.Select(t => $"#{t.Id} {t.Status} attempts {t.Attempts} {t.Worker}"));
            Assert.True(after.All(t => t.Status == TrialStatus.Completed), table);
            Assert.True(after.All(t => t.Attempts == (t.Id == orphan ? 2 : 1)), "attempts: " + table);
            Assert.Equal(12 * 2, store.Results.Evaluations(id).Count); // 400 steps evaluated every 200: no duplicates, nothing lost
            Assert.True(after.Select(t => t.Machine).Distinct().Count() == 1);
            Assert.Equal(expected, Ranked(store));
        }
        finally
        {
            foreach (var w in workers.Where(w => !w.HasExited)) w.Kill(entireProcessTree: true);
            foreach (var w in workers) w.Dispose();
        }
    }

    /// <summary>Skipped where namespaces cannot be made (not root, no iproute2); CI runs as root with iproute2 installed.</summary>
    public sealed class NetworkNamespaceFactAttribute : FactAttribute
    {
        public NetworkNamespaceFactAttribute() => Skip = NetworkLab.Unsupported();
    }

    [NetworkNamespaceFact]
    public void A_worker_cut_off_from_the_network_loses_its_trial_to_a_worker_on_another_host_and_nothing_is_lost()
    {
        var expected = reference.Ranking;
        using var lab = new NetworkLab();
        string dbHost = lab.AddHost("db"), hostA = lab.AddHost("wa"), hostB = lab.AddHost("wb");
        var linkA = lab.Link(dbHost, hostA);
        var linkB = lab.Link(dbHost, hostB);
        using var pg = PostgresServer.InNamespace(dbHost);
        string local = pg.NewDatabase(); // this process reaches the server through its Unix socket
        string database = local.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal));
        string Over((string AddressA, string AddressB, string DeviceA, string DeviceB) link) => $"Host={link.AddressA};Port={pg.Port};Username=postgres;{database}";
        var (code, output, err) = Cli.Run("study", "submit", Write("partition"), "--store", local);
        Assert.True(code == 0, err + output);
        string outDir = Path.Combine(_dir, "partition-runs"); // one file system: where both hosts keep checkpoints

        var cutOutput = new List<string>();
        var cut = StartWorker(Over(linkA), outDir, cutOutput, hostA);
        var other = StartWorker(Over(linkB), outDir, host: hostB);
        try
        {
            using var store = StudyStore.Open(local);
            long id = store.Results.FindStudy("workers")!.Id;
            var deadline = System.Diagnostics.Stopwatch.StartNew(); // a bound on waiting, measured on this machine
            long? orphan;
            while ((orphan = HeldPartWay(store, id, cut)) is null)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "the worker to be cut off never held a trial part-way while another had finished: " + string.Join(" | ", cutOutput));
                Assert.False(cut.HasExited, "the worker to be cut off exited early: " + string.Join(" | ", cutOutput));
                Thread.Sleep(50);
            }

            lab.SetLink(hostA, linkA.DeviceB, up: false); // pull the cable mid-trial
            Assert.True(ProgressWait.ForExit(other, () => store.Results.Evaluations(id).Count, TimeSpan.FromMinutes(3)), "the worker on the other host stopped making progress");
            Assert.Equal(0, other.ExitCode);

            var after = store.Results.Trials(id);
            string table = string.Join("; ", after.Select(t => $"#{t.Id} {t.Status} attempts {t.Attempts} failures {t.Failures} {t.Worker}"));
            Assert.True(after.All(t => t.Status == TrialStatus.Completed), table);
            Assert.True(after.All(t => t.Attempts == (t.Id == orphan ? 2 : 1) && t.Failures == 0), "attempts: " + table);
            Assert.Equal(12 * 2, store.Results.Evaluations(id).Count);
            Assert.Equal(expected, Ranked(store));
            var lost = store.Results.Trials(id).Single(t => t.Id == orphan);

            // The cut-off worker either stopped that trial by itself once its lease could have run out ("lost") or, if
            // the trial's last step came first, could not write its result ("store unreachable"); it wrote nothing.
            // Reconnected, it finds the study done and exits cleanly, changing nothing.
            lab.SetLink(hostA, linkA.DeviceB, up: true);
            Assert.True(cut.WaitForExit(TimeSpan.FromMinutes(2)), "the reconnected worker did not exit: " + string.Join(" | ", cutOutput));
            Assert.Equal(0, cut.ExitCode);
            lock (cutOutput)
                Assert.Contains(cutOutput, l => (l.StartsWith("lost", StringComparison.Ordinal) || l.StartsWith("store unreachable", StringComparison.Ordinal)) &&
                    l.Contains(lost.Label, StringComparison.Ordinal));
            Assert.Equal(12 * 2, store.Results.Evaluations(id).Count);
            Assert.Equal(expected, Ranked(store));
        }
        finally
        {
            foreach (var w in new[] { cut, other })
            {
                if (!w.HasExited) w.Kill(entireProcessTree: true);
                w.WaitForExit();
                w.Dispose();
            }
        }
    }

    [Fact]
    public void A_sqlite_store_refuses_a_worker_while_another_machine_holds_its_trials()
    {
        string db = Path.Combine(_dir, "local.db");
        var (code, output, err) = Cli.Run("study", "submit", Write("local"), "--store", "sqlite:" + db);
        Assert.True(code == 0, err + output);
        using (var store = StudyStore.Open("sqlite:" + db))
            Assert.NotNull(store.Queue.Claim(store.Results.FindStudy("workers")!.Id, "elsewhere:4242:abcdef", TimeSpan.FromMinutes(5)));

        (code, _, err) = Cli.Run("worker", "--store", "sqlite:" + db);
        Assert.Equal(2, code);
        Assert.Contains("host elsewhere is running trials from it", err, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", err, StringComparison.Ordinal);

        (code, _, err) = Cli.Run("worker", "--store", "sqlite:" + db, "--study", "nope");
        Assert.Equal(2, code);
    }
}
