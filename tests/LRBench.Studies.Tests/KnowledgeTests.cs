using LRBench.Schedules.Specs;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Tests;

/// <summary>What a recommendation rests on: similarity over the task's description, starting points for a new task, and the compact stores that ship.</summary>
public sealed class KnowledgeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-knowledge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly TaskRow Stored = new()
    {
        Dataset = "fashion-mnist", Model = "lenet5", ModelFamily = "lenet", Optimizer = "sgd", BatchSize = 128, Budget = "5ep",
        Channels = 1, Height = 28, Width = 28, Classes = 10, TrainSamples = 60000,
    };

    [Fact]
    public void Optimizer_batch_size_and_budget_count_only_when_the_new_task_states_them()
    {
        var wanted = Stored with { Dataset = "mnist", Optimizer = "", BatchSize = 0, Budget = "" };
        Assert.Equal(2 + 1 + 1 + 3, Recommender.Similarity(Stored, wanted).Score);
        // 5 epochs of 469 steps = 2345 steps; 4000 steps is within 2x of it, 10,000 is not.
        var same = Recommender.Similarity(Stored, wanted with { Optimizer = "sgd", BatchSize = 256, Budget = "4000ba" });
        Assert.Equal(2 + 1 + 1 + 3 + 1 + 1 + 1, same.Score);
        Assert.Contains("same optimizer (sgd)", same.Reasons);
        var other = Recommender.Similarity(Stored, wanted with { Optimizer = "adamw", BatchSize = 1024, Budget = "10000ba" });
        Assert.Equal(2 + 1 + 1 + 3, other.Score);
        Assert.Equal(["data set fashion-mnist", "optimizer sgd", "batch size 128", "budget 5ep (2345 steps)"], other.Differences);
        Assert.Equal(2345, Stored.BudgetSteps);
        Assert.Null((Stored with { Budget = "0.5dur" }).BudgetSteps);
    }

    [Theory]
    [InlineData("FIX(k0=0.01)", "FIX(k0=$minimum)")]
    [InlineData("EXP(k0=0.1, gamma=0.99)", "EXP(k0=$k1, gamma=0.99)")]
    [InlineData("TRI2(k0=0.01, k1=0.06, l=2000)", "TRI2(k0=$k0, k1=$k1, l=2000)")]
    [InlineData("COS(k0=0.07, k1=0.01, l=2ep)", "COS(k0=$k1, k1=$k0, l=2ep)")] // the high end is $k1 whichever argument holds it
    [InlineData("warmup_cosine(peak_lr=0.1, warmup=0.5ep)", "warmup_cosine(peak_lr=$k1, warmup=0.5ep)")]
    [InlineData("OneCycleLR(max_lr=0.046, total_steps=1dur)", "OneCycleLR(max_lr=$k1, total_steps=1dur)")]
    [InlineData("ReduceLROnPlateau(base_lr=0.014, monitor=val_loss, factor=0.5, patience=1)", "ReduceLROnPlateau(base_lr=$minimum, monitor=val_loss, factor=0.5, patience=1)")]
    [InlineData("autowu()", "autowu")]
    public void A_recorded_policy_takes_its_LRs_from_the_new_task_s_range_test(string recorded, string starting)
    {
        Assert.Equal(starting, SpecFormatter.ToText(StartingPoint.WithRangeTestLrs(PolicySpec.Parse(recorded))));
    }

    [Theory]
    [InlineData("TRI2(k0=0.01, k1=0.06, l=2000)", 10000L, "TRI2(k0=0.01, k1=0.06, l=0.2dur)")]
    [InlineData("NSTEP(k0=0.01, gamma=0.9, l=[5000, 7000, 9500])", 10000L, "NSTEP(k0=0.01, gamma=0.9, l=[0.5dur, 0.7dur, 0.95dur])")]
    [InlineData("STEP(k0=0.041, gamma=0.5, l=500ba)", 2000L, "STEP(k0=0.041, gamma=0.5, l=0.25dur)")]
    [InlineData("TRI2(k0=0.01, k1=0.07, l=1ep)", 660L, "TRI2(k0=0.01, k1=0.07, l=1ep)")] // epochs carry over as they are
    [InlineData("TRI2(k0=0.01, k1=0.06, l=2000)", null, "TRI2(k0=0.01, k1=0.06, l=2000)")] // no known budget: unchanged
    public void Spans_in_steps_become_fractions_of_the_recorded_run(string recorded, long? budgetSteps, string starting)
    {
        Assert.Equal(starting, SpecFormatter.ToText(StartingPoint.WithSpansAsFractions(PolicySpec.Parse(recorded), budgetSteps)));
    }

    [Fact]
    public void A_compact_copy_recommends_exactly_as_its_source_with_two_trace_rows_a_trial()
    {
        string source = Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies", "digits-mlp-policies.db");
        string copy = Path.Combine(_dir, "digits.db");
        var (studies, finished, bytes) = StoreCompaction.WriteCompactCopy(StoreLocation.Sqlite(source), copy);
        Assert.Equal((1, 66), (studies, finished));
        Assert.True(bytes < new FileInfo(source).Length / 2, $"{bytes} bytes");

        using var from = StudyStore.OpenReadOnly(StoreLocation.Sqlite(source));
        using var to = StudyStore.OpenReadOnly(StoreLocation.Sqlite(copy));
        var wanted = from.Results.Tasks()[0] with { Model = "mlp:64" };
        var a = Recommender.Recommend(from.Results, wanted, 66, null);
        var b = Recommender.Recommend(to.Results, wanted, 66, null);
        Assert.Equal(a.Policies.Select(p => (p.Policy.Label, p.Policy.Top1, p.MinLr, p.MaxLr)), b.Policies.Select(p => (p.Policy.Label, p.Policy.Top1, p.MinLr, p.MaxLr)));
        Assert.All(to.Results.Trials(to.Results.Studies()[0].Id), t => Assert.InRange(to.Results.Trace(t.StudyId).Count(r => r.TrialId == t.Id), 1, 2));
    }
}
