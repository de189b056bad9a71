using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;

namespace LRBench.Studies.Tests;

/// <summary>
/// A worker's own environment (its folders, threads, parallelism) is checked before it claims anything, and a failure
/// of it during a trial gives the trial back unharmed and stops the worker: one broken machine must not spend the
/// attempts of every trial in a shared store. Both stores.
/// </summary>
[Collection("postgres")]
public sealed class WorkerEnvironmentTests(PostgresServer postgres) : IDisposable
{
    private const string Text = """
        name: environment
        task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 2ep, evaluate_every: 1ep, checkpoint_every: 5ba}
        seeds: [0]
        policies: ["FIX(k0=0.02)", "FIX(k0=0.05)", "EXP(k0=0.05, gamma=0.99)"]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-environment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StudyDefinition Study => StudyParser.Parse(Text, "environment.yaml");

    private StudyStore Open(string kind, string name) =>
        StudyStore.Open(TestStores.Location(kind, _dir, postgres, name));

    private RunnerOptions Options(string outputs) => new() { OutputDirectory = Path.Combine(_dir, outputs), Parallel = 1, ThreadsPerTrial = 1 };

    public static TheoryData<string, string> BadOptions() => new()
    {
        { "sqlite", "out:/dev/null/x" }, { "postgres", "out:/dev/null/x" }, { "sqlite", "out:" }, { "sqlite", "out:/" },
        { "sqlite", "threads:0" }, { "postgres", "threads:100000" }, { "sqlite", "parallel:100000" }, { "sqlite", "parallel:0" },
        { "sqlite", "tensorboard:/" }, { "postgres", "tensorboard:/dev/null/tb" }, { "sqlite", "tensorboard: " },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_worker_with_an_unusable_option_claims_nothing_and_names_the_option(string kind, string bad)
    {
        using var store = Open(kind, "bad");
        var good = Options("good");
        var study = new StudyRunner(store, good).Submit(Study, Text);
        string value = bad[(bad.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var options = bad.Split(':')[0] switch
        {
            "out" => good with { OutputDirectory = value },
            "threads" => good with { ThreadsPerTrial = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "parallel" => good with { Parallel = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => good with { TensorBoardDirectory = value },
        };

        var e = Assert.Throws<WorkerEnvironmentException>(() => new StudyRunner(store, options).Run(study.Id));
        string setting = bad.Split(':')[0] switch { "out" => "OutputDirectory", "threads" => "ThreadsPerTrial", "parallel" => "Parallel", _ => "TensorBoardDirectory" };
        Assert.Contains($"(RunnerOptions.{setting})", e.Message, StringComparison.Ordinal);
        Assert.All(store.Results.Trials(study.Id), t => Assert.Equal((TrialStatus.Pending, 0, 0), (t.Status, t.Attempts, t.Failures)));
        Assert.False(File.Exists("/x"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_worker_whose_folder_breaks_mid_trial_releases_that_trial_unharmed_and_stops(string kind)
    {
        using var store = Open(kind, "breaks");
        var options = Options("breaks");
        var broken = new BreakFolderAt(options.OutputDirectory, step: 7);
        var summary = new BoundRunner(new StudyRunner(store, options), Study, Text).Run(broken);

        Assert.NotNull(summary.EnvironmentProblem);
        Assert.Contains(options.OutputDirectory, summary.EnvironmentProblem, StringComparison.Ordinal);
        Assert.Equal(0, summary.Failed);
        long id = store.Results.FindStudy("environment")!.Id;
        var trials = store.Results.Trials(id);
        var hit = Assert.Single(trials, t => t.Id == broken.Trial);
        Assert.Equal((TrialStatus.Pending, 0), (hit.Status, hit.Failures)); // given back, no attempt spent
        Assert.DoesNotContain(trials, t => t.Status is TrialStatus.Failed or TrialStatus.Running);
        Assert.Equal([TrialEnding.WorkerFailed], broken.Endings);
        Assert.Empty(store.Results.Failures(id));

        // Mended, the same worker finishes the study, and nothing counts the broken attempt against the trial.
        File.Delete(options.OutputDirectory);
        var after = new StudyRunner(store, options).Run(id);
        Assert.Null(after.EnvironmentProblem);
        Assert.All(store.Results.Trials(id), t => Assert.Equal((TrialStatus.Completed, 0), (t.Status, t.Failures)));
    }

    /// <summary>Replaces the worker's output folder by a file at one step of the first trial: its next checkpoint cannot be written.</summary>
    private sealed class BreakFolderAt(string folder, long step) : IStudyObserver
    {
        private long _trial = -1;

        public long Trial => Interlocked.Read(ref _trial);

        public List<TrialEnding> Endings { get; } = [];

        public void OnTrialStep(TrialClaim claim, StepProgress progress)
        {
            if (progress.Step != step || Interlocked.CompareExchange(ref _trial, claim.Trial.Id, -1) != -1) return;
            Directory.Delete(folder, recursive: true);
            File.WriteAllText(folder, "not a folder");
        }

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, LRBench.Training.Metrics.EvaluationPoint? final)
        {
            lock (Endings) Endings.Add(ending);
        }
    }
}
