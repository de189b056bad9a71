using System.IO.Compression;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;

namespace LRBench.Studies.Tests;

/// <summary>
/// Checkpoints in the store (<c>--checkpoints store</c>), against SQLite and a real PostgreSQL server: one per trial,
/// replaced, fenced by attempt, refused above the size limit, not used when its checksum fails, removed when the
/// trial ends; an archive read back from the store cannot write outside its folder; and a study interrupted mid-trial
/// resumes in a fresh output folder (nothing shared but the store) to exactly the ranking of an uninterrupted run.
/// </summary>
[Collection("postgres")]
public sealed class StoreCheckpointTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-store-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private StudyStore Open(string kind, string name = "store") =>
        StudyStore.Open(TestStores.Location(kind, _dir, postgres, name));

    private static long Register(StudyStore store)
    {
        var study = StudyParser.Parse(
            """
            name: store-checkpoints
            task: {dataset: synthetic, model: "mlp:8", budget: 20ba, evaluate_every: 10ba}
            policies:
              - policy: FIX
                grid: {k0: [0.01, 0.02]}
            """, "store-checkpoints.yaml");
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        return store.Queue.Register(study, "text", data, study.Trials()).Id;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void One_checkpoint_per_trial_replaced_fenced_checked_and_removed_when_the_trial_ends(string kind)
    {
        using var store = Open(kind);
        long study = Register(store);
        var first = store.Queue.Claim(study, "w1", TimeSpan.FromMinutes(5))!;
        Assert.True(store.Queue.SaveCheckpoint(first, 10, [1, 2, 3]));
        Assert.True(store.Queue.SaveCheckpoint(first, 20, [4, 5, 6, 7]));
        Assert.Equal((1L, 4L), store.Queue.CheckpointTotals()); // replaced, not accumulated
        var stored = store.Queue.Checkpoint(first.Trial.Id, out string? problem)!;
        Assert.Null(problem);
        Assert.Equal((first.Attempt, 20L), (stored.Attempt, stored.Step));
        Assert.Equal(new byte[] { 4, 5, 6, 7 }, stored.Content);

        // Another worker takes the trial over: the old attempt's writes are fenced off, the new one's land.
        var pending = store.Results.Trials(study).Where(t => t.Id != first.Trial.Id).Select(t => t.Id).ToHashSet();
        var taken = store.Queue.Claim(study, "w2", TimeSpan.FromMinutes(5), r => r.Id == first.Trial.Id, passOver: pending)!;
        Assert.Equal(first.Trial.Id, taken.Trial.Id);
        Assert.False(store.Queue.SaveCheckpoint(first, 30, [9]));
        Assert.Equal(20, store.Queue.Checkpoint(first.Trial.Id, out _)!.Step);
        Assert.True(store.Queue.SaveCheckpoint(taken, 30, [8, 8]));

        // Above the limit: refused with the reason and the way out, nothing written.
        var tooLarge = Assert.Throws<ArgumentException>(() => store.Queue.SaveCheckpoint(taken, 40, new byte[TrialQueue.MaxCheckpointBytes + 1]));
        Assert.Contains("above the store's limit for checkpoints (512 MiB)", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("--checkpoints folder", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal(30, store.Queue.Checkpoint(first.Trial.Id, out _)!.Step);

        // The trial ends: its checkpoint goes; the other trial's (still running) stays.
        var other = store.Queue.Claim(study, "w3", TimeSpan.FromMinutes(5))!;
        Assert.True(store.Queue.SaveCheckpoint(other, 10, [1]));
        Assert.True(store.Queue.Finish(taken, FinishedResults.Of(taken.Trial), "m", "v"));
        Assert.Null(store.Queue.Checkpoint(taken.Trial.Id, out _));
        Assert.Equal((1L, 1L), store.Queue.CheckpointTotals());
    }

    [Fact]
    public void A_checkpoint_whose_checksum_fails_is_not_used_and_says_why()
    {
        string file = Path.Combine(_dir, "damaged.db");
        using var store = StudyStore.Open($"sqlite:{file}");
        long study = Register(store);
        var claim = store.Queue.Claim(study, "w1", TimeSpan.FromMinutes(5))!;
        Assert.True(store.Queue.SaveCheckpoint(claim, 10, [1, 2, 3]));
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE trial_checkpoints SET content = X'010203FF', size = 4";
            cmd.ExecuteNonQuery();
        }

        Assert.Null(store.Queue.Checkpoint(claim.Trial.Id, out string? problem));
        Assert.Equal($"the stored checkpoint of trial {claim.Trial.Id} (step 10) does not match its checksum: it was not used", problem);
    }

    [Theory]
    [InlineData("../escaped.bin")]
    [InlineData("/tmp/absolute.bin")]
    [InlineData("sub/folder.bin")]
    [InlineData("..")]
    public void An_archive_from_the_store_cannot_write_outside_its_folder(string entry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry(entry).Open());
            w.Write("x");
        }

        string folder = Path.Combine(_dir, "trial", "checkpoint");
        var e = Assert.Throws<InvalidDataException>(() => CheckpointArchive.Unpack(buffer.ToArray(), folder));
        Assert.Contains("only plain file names", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
        Assert.False(File.Exists(Path.Combine(_dir, "escaped.bin")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "trial"))); // no staging folder left behind
    }

    private const string RunnerText = """
        name: store-resume
        task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 2ep, evaluate_every: 0.5ep, checkpoint_every: 10ba}
        seeds: [0, 1]
        target_accuracy: 0.8
        policies:
          - "FIX(k0=0.02)"
          - "warmup_cosine(peak_lr=0.1, warmup=0.5ep)"
        """;

    private StudyRunSummary Run(StudyStore store, string outputs, bool storeCheckpoints, IStudyObserver? observer = null, CancellationToken cancel = default) =>
        new BoundRunner(
            new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, outputs), Parallel = 2, ThreadsPerTrial = 1, StoreCheckpoints = storeCheckpoints }),
            StudyParser.Parse(RunnerText, "store-resume.yaml"), RunnerText).Run(observer, cancel);

    private static List<string> Ranked(StudyStore store)
    {
        var id = store.Results.FindStudy("store-resume")!.Id;
        return [.. Ranking.Rank(store.Results.Trials(id), store.Results.Evaluations(id), 0.8).Select(p =>
            $"{p.Label} {p.Top1.Mean:R} {p.Top1.Std:R} {p.IterAtBest.Mean:R} {p.Ld.Mean:R} {p.Ac.Mean:R} {p.StepsToTarget.Mean:R}")];
    }

    /// <summary>Cancels the run when a trial reaches step 30 (past its first checkpoints) after one trial has ended.</summary>
    private sealed class CancelMidTrial(CancellationTokenSource cancel) : IStudyObserver
    {
        private int _ended;

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, LRBench.Training.Metrics.EvaluationPoint? final) => Interlocked.Increment(ref _ended);

        public void OnTrialStep(TrialClaim claim, StepProgress progress)
        {
            if (Volatile.Read(ref _ended) >= 1 && progress.Step == 30) cancel.Cancel();
        }
    }

    /// <summary>The step each trial's attempt started at (0 for a fresh start).</summary>
    private sealed class StartSteps : IStudyObserver
    {
        public System.Collections.Concurrent.ConcurrentDictionary<long, long> Of { get; } = new();

        public void OnTrialStart(TrialClaim claim, TrainingPlan plan) => Of[claim.Trial.Id] = plan.StartStep;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_trial_interrupted_on_one_machine_resumes_on_another_from_the_store_alone_to_the_same_ranking(string kind)
    {
        using var reference = Open("sqlite", "reference");
        Run(reference, "reference", storeCheckpoints: false);

        using var store = Open(kind, "interrupted");
        using var cancel = new CancellationTokenSource();
        Assert.True(Run(store, "machine-a", storeCheckpoints: true, new CancelMidTrial(cancel), cancel.Token).Interrupted);
        var id = store.Results.FindStudy("store-resume")!.Id;
        // The trials stopped with a checkpoint (one claimed just as the cancel came has the one written at step 0,
        // when the interrupted trainer stopped before its first step).
        var stopped = store.Results.Trials(id).Where(t => t.Status == TrialStatus.Pending && t.CheckpointDir is { } d && Trainer.HasCheckpoint(d)).ToList();
        var storedAt = stopped.ToDictionary(t => t.Id, t => Assert.IsType<StoredCheckpoint>(store.Queue.Checkpoint(t.Id, out _)).Step);
        Assert.Contains(storedAt.Values, step => step > 0);

        // Machine A and its folder are gone; machine B has only the store.
        Directory.Delete(Path.Combine(_dir, "machine-a"), recursive: true);
        var starts = new StartSteps();
        var resumed = Run(store, "machine-b", storeCheckpoints: true, starts);
        Assert.False(resumed.Interrupted);
        Assert.Equal(4, resumed.Finished);
        Assert.All(stopped, t => Assert.True(starts.Of.TryGetValue(t.Id, out long start) && start == storedAt[t.Id], $"{t.Label} started at {start}, not at its stored checkpoint's step {storedAt[t.Id]}"));
        Assert.Equal(Ranked(reference), Ranked(store)); // bit for bit: every number of the ranking
        Assert.Equal((0L, 0L), store.Queue.CheckpointTotals()); // nothing left once every trial ended
    }
}
