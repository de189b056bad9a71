using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

public sealed class RecommenderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-rec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Similarity_points_add_up_as_documented()
    {
        var stored = new TaskRow { Dataset = "fashion-mnist", Model = "lenet5", ModelFamily = "lenet", Channels = 1, Height = 28, Width = 28, Classes = 10, TrainSamples = 60000 };
        var shape = new ImageShape(1, 28, 28);
        Assert.Equal(4 + 2 + 1 + 1 + 3, Recommender.Similarity(stored, "fashion-mnist", "lenet5", shape, 10, 60000).Score);
        Assert.Equal(2 + 1 + 1 + 2, Recommender.Similarity(stored, "mnist", "lenet", shape, 10, 50000).Score); // same family, other data
        Assert.Equal(2 + 1, Recommender.Similarity(stored, "mnist-digits", "resnet20", shape, 10, 8333).Score); // only shape and classes (8,333 is not within 2x of 60,000)
        Assert.Equal(0, Recommender.Similarity(stored, "cifar10", "resnet20", new ImageShape(3, 32, 32), 100, 1_281_167).Score); // nothing in common
    }

    [Fact]
    public void An_empty_store_has_no_evidence_and_a_filled_one_recommends_its_best_policy_with_its_LR_range()
    {
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "r.db")}");
        var shape = new ImageShape(1, 8, 8);
        Assert.False(Recommender.Recommend(store.Results, "synthetic", "mlp:16", shape, 4, 2000).HasEvidence);

        const string text = """
            name: rec
            task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 1ep}
            policies: ["FIX(k0=0.0001)", "warmup_cosine(peak_lr=0.1, warmup=0.5ep)"]
            """;
        new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "out"), Parallel = 1 }), StudyParser.Parse(text, "rec.yaml"), text).Run();

        var result = Recommender.Recommend(store.Results, "synthetic", "mlp:16", shape, 4, 2000);
        Assert.True(result.HasEvidence);
        Assert.Equal(11, result.Tasks[0].Score); // everything matches
        var best = result.Policies[0];
        Assert.Equal("warmup_cosine(peak_lr=0.1, warmup=0.5ep)", best.Policy.Spec); // the tiny constant LR barely learns
        Assert.Equal(0.1, best.MaxLr, 2);
        Assert.Equal(0.0, best.MinLr, 6);

        // Another model of another family on the same data still learns from it (data set, shape, classes, size).
        Assert.Equal(8, Recommender.Recommend(store.Results, "synthetic", "resnet20", shape, 4, 2000).Tasks[0].Score);
    }
}

public sealed class RangeTestStudyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-rtstudy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_study_with_a_range_test_runs_it_once_and_keeps_its_trials_stable_across_runs()
    {
        const string text = """
            name: rt-study
            task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 1ep}
            range_test: {steps: 60, start: 1e-4, end: 100}
            policies:
              - policy: TRI2
                params: {l: 10}
                grid: {k0: [$k0], k1: [$k1]}
            """;
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "rt.db")}");
        var options = new RunnerOptions { OutputDirectory = Path.Combine(_dir, "out"), Parallel = 1 };
        var runner = new BoundRunner(new StudyRunner(store, options), StudyParser.Parse(text, "rt.yaml"), text);
        var summary = runner.Run();
        Assert.Equal(1, summary.Finished);
        var values = runner.RangeTestValues!;
        Assert.True(values["k0"] < values["k1"]);
        Assert.Equal(values, runner.RangeTest!.PlaceholderValues());
        var trial = store.Results.Trials(store.Results.FindStudy("rt-study")!.Id).Single();
        Assert.Equal(
            $"TRI2(l=10, k0={values["k0"].ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}, k1={values["k1"].ToString("G3", System.Globalization.CultureInfo.InvariantCulture)})",
            LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Trial.Policy));

        // A second run reads the stored values: same trial, nothing new to run.
        var again = new BoundRunner(new StudyRunner(store, options), StudyParser.Parse(text, "rt.yaml"), text).Run();
        Assert.Equal(0, again.RanNow);
        Assert.Single(store.Results.Trials(store.Results.FindStudy("rt-study")!.Id));
    }
}
