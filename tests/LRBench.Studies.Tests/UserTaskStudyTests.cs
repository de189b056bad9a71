using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Tasks;
using LRBench.Training.Tests;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>Studies of a user's own task, defined in code, run in-process and by worker hosts, on both stores.</summary>
[Collection("postgres")]
public sealed class UserTaskStudyTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-user-task-").FullName;
    private readonly Regression _regression = Regression.Create(seed: 3);

    public void Dispose()
    {
        _regression.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static StudyDefinition Study(string name = "sine") =>
        new StudyBuilder(name, TaskDefinition.ForTask("sine-regression") with
        {
            BatchSize = 25,
            Budget = Duration.Epochs(6),
            EvaluateEvery = Duration.Epochs(2),
            CheckpointEvery = Duration.Steps(20),
        })
        .Policy("FIX(k0=0.05)")
        .Policy("FIX(k0=0.0001)")
        .Grid("TRI2", new Dictionary<string, IReadOnlyList<string>> { ["k1"] = ["0.05", "0.2"] }, new Dictionary<string, string> { ["k0"] = "0.001", ["l"] = "1ep" })
        .Seeds(0, 1)
        .Build();

    private RunnerOptions Options(string outputs, TaskCatalog tasks) =>
        new() { OutputDirectory = Path.Combine(_dir, outputs), Parallel = 2, ThreadsPerTrial = 1, Tasks = tasks, Poll = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public void A_code_built_study_of_a_regression_task_runs_resumes_and_is_ranked_by_validation_loss()
    {
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "s.db")}");
        var study = Study();
        var runner = new StudyRunner(store, Options("out", new TaskCatalog().Add(_regression.Task)));
        var summary = runner.SubmitAndRun(study, study.CanonicalText());
        Assert.Equal((8, 8), (summary.Trials, summary.RanNow));

        var id = store.Results.FindStudy("sine")!.Id;
        var trials = store.Results.Trials(id);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.All(trials, t => Assert.Equal("task:sine-regression", t.Trial.Training.Model));
        var evaluations = store.Results.Evaluations(id);
        Assert.Equal(8 * 3, evaluations.Count);
        Assert.All(evaluations, e => Assert.True(double.IsNaN(e.Top1) && e.TestLoss > 0));

        var ranking = Ranking.Rank(trials, evaluations, target: null);
        Assert.Equal(4, ranking.Count);
        Assert.True(ranking.Zip(ranking.Skip(1)).All(p => p.First.Loss.Mean <= p.Second.Loss.Mean), "ranked by validation loss, lowest first");
        Assert.All(ranking, p => Assert.True(double.IsNaN(p.Top1.Mean) && p.Loss.N == 2));
        Assert.Equal("FIX(k0=0.0001)", ranking[^1].Label); // a rate this small barely moves the weights in 96 steps

        // The study keeps the task's own metric; with it, each trial is read at its best R² and ranked highest first.
        var row = store.Results.Study(id)!;
        Assert.Equal(new StudyMetric("r2", HigherIsBetter: true), row.Metric);
        var byR2 = Ranking.Rank(trials, evaluations, target: null, metric: row.Metric);
        Assert.True(byR2.Zip(byR2.Skip(1)).All(p => p.First.Metric.Mean >= p.Second.Metric.Mean), "ranked by R², highest first");
        foreach (var score in byR2.SelectMany(p => p.Trials))
            Assert.Equal(evaluations.Where(e => e.TrialId == score.Trial.Id).Max(e => e.TaskMetric!.Value), score.Metric);
        Assert.Equal("metric", Ranking.SortKeyFor(evaluations, "top1", row.Metric));
        Assert.Contains("| loss | r2 | seeds |", LRBench.Studies.Reports.RankingFormat.ToMarkdown(byR2, null), StringComparison.Ordinal);

        // Each ranked loss is the lowest validation loss its seed's run reached.
        foreach (var score in ranking.SelectMany(p => p.Trials))
            Assert.Equal(evaluations.Where(e => e.TrialId == score.Trial.Id).Min(e => e.TestLoss!.Value), score.Loss);

        // The same study again: recognised by its canonical text, nothing runs twice.
        var again = new StudyRunner(store, Options("out", new TaskCatalog().Add(_regression.Task))).SubmitAndRun(Study(), Study().CanonicalText());
        Assert.Equal(0, again.RanNow);
        // Another study under the same name is refused.
        var changed = new StudyBuilder("sine", Study().Task).Policy("FIX(k0=0.02)").Build();
        Assert.Throws<StudyConflictException>(() => new StudyRunner(store, Options("out", new TaskCatalog().Add(_regression.Task))).Submit(changed, changed.CanonicalText()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Worker_hosts_drain_a_submitted_study_of_their_task_and_leave_other_studies_alone(string kind)
    {
        string url = TestStores.Location(kind, _dir, postgres, "w");
        using (var submitter = StudyStore.Open(url))
        {
            var study = Study("sine-workers");
            new StudyRunner(submitter, Options("shared", new TaskCatalog().Add(_regression.Task))).Submit(study, study.CanonicalText());
            var builtIn = StudyParser.Parse("""
                name: built-in
                task: {dataset: synthetic, model: "mlp:8", budget: 20ba}
                policies: ["FIX(k0=0.01)"]
                """, "built-in.yaml");
            new StudyRunner(submitter, Options("shared", new TaskCatalog())).Submit(builtIn, "built-in");
        }

        // Two hosts, as two programs on two machines would be: each has the task under its name, and its own store connection.
        var hosts = Enumerable.Range(0, 2).Select(i => Task.Run(() =>
        {
            using var store = StudyStore.Open(url);
            var tasks = new TaskCatalog().Add("sine-regression", () => _regression.Task);
            return StudyWorker.Run(store, tasks, Options("shared", tasks) with { Parallel = 1, Worker = $"host-{i}" });
        })).ToList();
        var summaries = await Task.WhenAll(hosts);

        using var check = StudyStore.Open(url);
        var trials = check.Results.Trials(check.Results.FindStudy("sine-workers")!.Id);
        Assert.All(trials, t => Assert.Equal((TrialStatus.Completed, 1), (t.Status, t.Attempts)));
        Assert.Equal(8, summaries.Sum(s => s.Sum(x => x.RanNow)));
        Assert.Equal(8 * 3, check.Results.Evaluations(check.Results.FindStudy("sine-workers")!.Id).Count); // nothing twice
        Assert.All(check.Results.Trials(check.Results.FindStudy("built-in")!.Id), t => Assert.Equal(TrialStatus.Pending, t.Status));
    }

    [Fact]
    public void A_study_file_names_a_custom_task_and_a_runner_without_it_says_which()
    {
        var study = StudyParser.Parse("""
            name: from-file
            task: {custom: sine-regression, batch_size: 25, budget: 2ep}
            policies: ["FIX(k0=0.05)"]
            """, "from-file.yaml");
        Assert.Equal("sine-regression", study.Task.UserTask);
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "f.db")}");
        var missing = Assert.Throws<InvalidOperationException>(() => new StudyRunner(store, Options("f", new TaskCatalog())).Submit(study, "text"));
        Assert.StartsWith("this process has no task 'sine-regression'", missing.Message, StringComparison.Ordinal);
        Assert.Null(store.Results.FindStudy("from-file"));

        var summary = new StudyRunner(store, Options("f", new TaskCatalog().Add(_regression.Task))).SubmitAndRun(study, "text");
        Assert.Equal(1, summary.RanNow);

        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse("""
            name: both
            task: {custom: sine-regression, model: lenet5}
            policies: ["FIX(k0=0.05)"]
            """, "both.yaml"));
        Assert.StartsWith("both.yaml:2: task.model: a custom task brings its own data and model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_whose_model_returns_the_wrong_shape_is_refused_before_the_study_is_registered()
    {
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "bad.db")}");
        var bad = new TrainingTask
        {
            Name = "sine-regression",
            Model = () => TorchSharp.torch.nn.Linear(3, 1), // the inputs have 2 features
            Train = _regression.Task.Train,
            Evaluation = _regression.Task.Evaluation,
            Objective = _regression.Task.Objective,
        };
        var study = Study("bad");
        var e = Assert.Throws<TaskException>(() => new StudyRunner(store, Options("bad", new TaskCatalog().Add(bad))).Submit(study, study.CanonicalText()));
        Assert.StartsWith("task 'sine-regression': the model fails on a training batch of shape [2, 2]", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Results.Studies());
    }

    [Fact]
    public void A_study_built_in_code_refuses_the_same_policy_twice_as_a_study_file_does()
    {
        var builder = new StudyBuilder("twice", TaskDefinition.ForTask("sine-regression")).Policy("FIX(k0=0.1)", "first");
        var e = Assert.Throws<ArgumentException>(() => builder.Policy("FIX(k0=0.1)"));
        Assert.Contains("already in the study (as 'first')", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, builder.Policy("FIX(k0=0.2)").Build().Policies.Count);
    }

    [Fact]
    public void The_short_path_registers_runs_and_ranks_in_one_call_and_a_second_call_resumes()
    {
        // Typed policies and grid values: the same study as Study(), with no number written as text.
        var study = new StudyBuilder("sine", TaskDefinition.ForTask("sine-regression") with
            {
                BatchSize = 25,
                Budget = Duration.Epochs(6),
                EvaluateEvery = Duration.Epochs(2),
                CheckpointEvery = Duration.Steps(20),
            })
            .Policy(PolicySpec.Create("FIX", ("k0", 0.05)))
            .Policy(PolicySpec.Create("FIX", ("k0", 0.0001)))
            .Grid("TRI2", new Dictionary<string, IReadOnlyList<SpecValue>> { ["k1"] = [0.05, 0.2] }, new Dictionary<string, SpecValue> { ["k0"] = 0.001, ["l"] = Duration.Epochs(1) })
            .Seeds(0, 1)
            .Build();
        Assert.Equal(Study().CanonicalText(), study.CanonicalText());

        string store = $"sqlite:{Path.Combine(_dir, "short.db")}";
        var options = new RunnerOptions { OutputDirectory = Path.Combine(_dir, "short"), Parallel = 2, ThreadsPerTrial = 1 };
        var outcome = StudyRunner.RunAndRank(study, store, _regression.Task, options);
        Assert.Equal((8, 8), (outcome.Summary.Trials, outcome.Summary.RanNow));
        Assert.Equal(4, outcome.Ranking.Count);
        Assert.Equal(outcome.Ranking[0], outcome.Best);
        Assert.Equal("FIX(k0=0.0001)", outcome.Ranking[^1].Label);
        Assert.Equal(8, outcome.Results.Trials.Count);

        var again = StudyRunner.RunAndRank(study, store, _regression.Task, options with { });
        Assert.Equal(0, again.Summary.RanNow);
        Assert.Equal(outcome.Ranking.Select(p => (p.Label, p.Loss.Mean)), again.Ranking.Select(p => (p.Label, p.Loss.Mean)));
    }
}
