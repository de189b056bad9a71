using LRBench.Studies.Storage;
using LRBench.Studies.Model.Trials;

namespace LRBench.Cli.Tests;

/// <summary>
/// <c>--checkpoints store</c> end to end: a study run in trial processes is killed with SIGKILL, its output folder is
/// deleted (the machine is gone), and a run elsewhere, with a folder of its own and only the store in common, resumes
/// the orphaned trials from their stored checkpoints and finishes every trial once, leaving no checkpoint in the store.
/// </summary>
public sealed class StoreCheckpointCliTests : IDisposable
{
    private const string Study = """
        name: store-kill
        task: {dataset: synthetic, model: cnn3, batch_size: 50, budget: 20ep, evaluate_every: 5ep, checkpoint_every: 20ba}
        seeds: [0, 1]
        policies: ["FIX(k0=0.02)", "TRI2(k0=0.001, k1=0.1, l=2ep)"]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-store-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_checkpoints_value_other_than_folder_or_store_is_refused_with_exit_2()
    {
        string file = Path.Combine(_dir, "store-kill.yaml");
        File.WriteAllText(file, Study);
        var (code, _, err) = Cli.Run("study", "run", file, "--checkpoints", "cloud");
        Assert.Equal(2, code);
        Assert.Contains("cloud", err, StringComparison.Ordinal);
        Assert.Contains("folder", err, StringComparison.Ordinal);
        Assert.Contains("store", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "store-kill.db"))); // refused before anything was created
    }

    [Fact]
    public void A_study_killed_on_one_machine_is_finished_on_another_from_the_stores_checkpoints_alone()
    {
        string file = Path.Combine(_dir, "store-kill.yaml");
        File.WriteAllText(file, Study);
        string db = Path.Combine(_dir, "store.db");
        string machineA = Path.Combine(_dir, "machine-a");
        Cli.KillWhen(() => CheckpointStored(db), "a checkpoint in the store", TimeSpan.FromMinutes(2), "study", "run", file, "--store", "sqlite:" + db, "--out", machineA, "--parallel", "2", "--trial-processes", "--checkpoints", "store");

        HashSet<long> orphaned, checkpointed;
        using (var store = StudyStore.Open("sqlite:" + db))
        {
            var trials = store.Results.Trials(store.Results.FindStudy("store-kill")!.Id);
            orphaned = [.. trials.Where(t => t.Status == TrialStatus.Running).Select(t => t.Id)];
            checkpointed = [.. orphaned.Where(id => store.Queue.Checkpoint(id, out _) is not null)];
        }

        Assert.NotEmpty(checkpointed);
        Directory.Delete(machineA, recursive: true); // nothing of machine A is left but what it wrote to the store

        var (code, output, err) = Cli.Run("study", "run", file, "--store", "sqlite:" + db, "--out", Path.Combine(_dir, "machine-b"), "--parallel", "2", "--trial-processes", "--checkpoints", "store");
        Assert.True(code == 0, err + output);
        Assert.Contains("(resuming at step", output, StringComparison.Ordinal);
        using (var store = StudyStore.Open("sqlite:" + db))
        {
            long id = store.Results.FindStudy("store-kill")!.Id;
            var after = store.Results.Trials(id);
            Assert.All(after, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.All(after, t => Assert.Equal(orphaned.Contains(t.Id) ? 2 : 1, t.Attempts));
            Assert.Equal(4 * 4, store.Results.Evaluations(id).Count); // every evaluation once
            Assert.Equal((0L, 0L), store.Queue.CheckpointTotals());
        }
    }

    /// <summary>True once a trial is running with a checkpoint in the store and another has completed.</summary>
    private static bool CheckpointStored(string db)
    {
        if (!File.Exists(db)) return false;
        try
        {
            using var store = StudyStore.Open("sqlite:" + db);
            var study = store.Results.FindStudy("store-kill");
            if (study is null) return false;
            var trials = store.Results.Trials(study.Id);
            return trials.Any(t => t.Status == TrialStatus.Completed)
                && trials.Any(t => t.Status == TrialStatus.Running && store.Queue.Checkpoint(t.Id, out _) is { Step: > 0 and <= 400 });
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or StoreException)
        {
            return false;
        }
    }
}
