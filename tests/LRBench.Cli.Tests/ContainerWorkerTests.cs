using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;

namespace LRBench.Cli.Tests;

/// <summary>
/// The worker image for real (deploy/container, built by scripts/image.sh): a PostgreSQL server on 127.0.0.1, a study
/// submitted to it, two worker containers on the host network with store checkpoints, a read-only root file system and
/// nothing shared but the store; one container is killed (<c>podman kill</c>, SIGKILL) while it holds a trial part-way.
/// The other must finish every trial exactly once and resume the orphaned one from its stored checkpoint.
/// </summary>
public sealed partial class ContainerWorkerTests
{
    // 4 trials of 400 steps, a checkpoint every 20 steps: the victim is caught part-way with a checkpoint stored.
    private const string Study = """
        name: containers
        task: {dataset: synthetic, model: cnn3, batch_size: 50, budget: 20ep, evaluate_every: 5ep, checkpoint_every: 20ba}
        seeds: [0, 1]
        policies: ["FIX(k0=0.02)", "TRI2(k0=0.001, k1=0.1, l=2ep)"]
        """;

    /// <summary>Skipped where podman or the image is missing; scripts/test.sh installs podman, builds the image and names it.</summary>
    public sealed class ContainerFactAttribute : FactAttribute
    {
        public ContainerFactAttribute()
        {
            if (Image is null) Skip = "LRBENCH_TEST_IMAGE is not set: scripts/test.sh builds the image with scripts/image.sh and sets it";
            else if (!Podman.Installed) Skip = "podman is not installed (apt-get install podman runc; scripts/test.sh does this)";
        }
    }

    private static string? Image => Environment.GetEnvironmentVariable("LRBENCH_TEST_IMAGE") is { Length: > 0 } image ? image : null;

    [ContainerFact]
    public void Two_worker_containers_one_killed_finish_every_trial_once_resuming_from_the_stores_checkpoint()
    {
        using var pg = new PostgresServer();
        string store = pg.NewDatabase();
        string dir = Directory.CreateTempSubdirectory("lrbench-cli-containers-").FullName;
        string suffix = Guid.NewGuid().ToString("N")[..8];
        var workers = new[] { new Worker("lrbench-test-a-" + suffix), new Worker("lrbench-test-b-" + suffix) };
        try
        {
            string file = Path.Combine(dir, "containers.yaml");
            File.WriteAllText(file, Study);
            var (code, output, err) = Cli.Run("study", "submit", file, "--store", store);
            Assert.True(code == 0, err + output);
            foreach (var w in workers) w.Start(Image!, store);

            using var db = StudyStore.Open(store);
            long id = db.Results.FindStudy("containers")!.Id;
            var deadline = Stopwatch.StartNew(); // a bound on waiting for the image to start and train, measured here
            (Worker Victim, long Trial, long Step)? caught;
            while ((caught = HeldPartWay(db, id, workers)) is null)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(4), "no container held a checkpointed trial part-way while another had finished:\n" + string.Join("\n", workers.Select(w => w.Output)));
                Assert.All(workers, w => Assert.False(w.Process!.HasExited, $"{w.Name} exited early:\n{w.Output}"));
                Thread.Sleep(100);
            }

            var (victim, orphan, stored) = caught.Value;
            Assert.Equal(0, Podman.Run("kill", victim.Name).Code);
            victim.Process!.WaitForExit();

            var survivor = workers.Single(w => w != victim);
            Assert.True(ProgressWait.ForExit(survivor.Process!, () => db.Results.Evaluations(id).Count, TimeSpan.FromMinutes(3)), "the surviving container stopped making progress:\n" + survivor.Output);
            Assert.True(survivor.Process!.ExitCode == 0, survivor.Output);

            var trials = db.Results.Trials(id);
            string table = string.Join("; ", trials.Select(t => $"#{t.Id} {t.Status} attempts {t.Attempts} {t.Worker}"));
            Assert.True(trials.All(t => t.Status == TrialStatus.Completed), table);
            Assert.True(trials.All(t => t.Attempts == (t.Id == orphan ? 2 : 1)), table);
            Assert.Equal(4 * 4, db.Results.Evaluations(id).Count); // 400 steps evaluated every 100: none lost, none twice
            Assert.Equal((0L, 0L), db.Queue.CheckpointTotals()); // every checkpoint removed when its trial ended

            // The survivor took the orphan over from the store: it printed where it resumed, at or after the step
            // that was stored when the victim died (the victim may have stored a later one before the kill landed).
            var resumed = ResumedAt().Match(survivor.Output);
            Assert.True(resumed.Success, "the survivor never resumed a trial:\n" + survivor.Output);
            long step = long.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.InRange(step, stored, 400 - 1);
            Assert.DoesNotContain("Password", survivor.Output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A container holding a trial with a stored checkpoint at most halfway (step 200 of 400) once another trial has
    /// finished, so the trial cannot end between this look and the kill. Containers have their own host names, which
    /// open the worker identity (host:pid:random).
    /// </summary>
    private static (Worker, long, long)? HeldPartWay(StudyStore store, long studyId, Worker[] workers)
    {
        var trials = store.Results.Trials(studyId);
        if (!trials.Any(t => t.Status == TrialStatus.Completed)) return null;
        foreach (var t in trials.Where(t => t.Status == TrialStatus.Running))
        {
            var holder = workers.FirstOrDefault(w => t.Worker?.StartsWith(w.Name + ":", StringComparison.Ordinal) == true);
            if (holder is not null && store.Queue.Checkpoint(t.Id, out _) is { Step: > 0 and <= 200 } checkpoint)
                return (holder, t.Id, checkpoint.Step);
        }

        return null;
    }

    [GeneratedRegex(@"attempt 2: \d+ steps \(resuming at step (\d+)\)")]
    private static partial Regex ResumedAt();

    /// <summary>One worker container, run attached so its output is read as it comes; host name = container name.</summary>
    private sealed class Worker(string name) : IDisposable
    {
        private readonly List<string> _lines = [];

        public string Name { get; } = name;

        public Process? Process { get; private set; }

        public string Output
        {
            get
            {
                lock (_lines) return string.Join("\n", _lines);
            }
        }

        public void Start(string image, string store)
        {
            var start = Podman.Start(
                "run", "--rm", "--name", Name, "--hostname", Name, "--network", "host",
                "--read-only", "--tmpfs", "/scratch:U", "--env", "LRBENCH_STORE", // the value comes from this environment, never the command line
                image, "worker", "--parallel", "1", "--threads", "1", "--lease", "4", "--checkpoints", "store", "--out", "/scratch/runs");
            start.Environment["LRBENCH_STORE"] = store;
            Process = Process.Start(start)!;
            Process.OutputDataReceived += (_, e) => Keep(e.Data);
            Process.ErrorDataReceived += (_, e) => Keep(e.Data);
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        private void Keep(string? line)
        {
            if (line is null) return;
            lock (_lines) _lines.Add(line);
        }

        public void Dispose()
        {
            if (Process is null) return;
            if (!Process.HasExited) Podman.Run("rm", "--force", Name);
            Process.WaitForExit();
            Process.Dispose();
        }
    }
}
