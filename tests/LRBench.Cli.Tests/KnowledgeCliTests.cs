using LRBench.Studies.Definition;

namespace LRBench.Cli.Tests;

/// <summary>`lrbench recommend` on the knowledge base that ships, the study it writes, and `lrbench knowledge`.</summary>
public sealed class KnowledgeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-knowledge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Shipped => Path.Combine(AppContext.BaseDirectory, "knowledge");

    [Fact]
    public void The_shipped_knowledge_base_recommends_for_a_stored_task_and_the_study_it_writes_keeps_the_recorded_LRs()
    {
        string file = Path.Combine(_dir, "rec.yaml");
        var (code, output, err) = Cli.Run("recommend", "--dataset", "fashion-mnist", "--model", "lenet5", "--optimizer", "sgd", "--batch", "128", "--budget", "5ep", "--study-out", file);
        Assert.True(code == 0, err + output);
        Assert.Contains("its LRs, recorded on this task", File.ReadAllText(file), StringComparison.Ordinal);

        var study = StudyParser.Load(file);
        Assert.Equal("recommended-fashion-mnist-lenet5", study.Name);
        Assert.Equal("5ep", study.Task.Budget.ToString());
        // The most similar record is this very task: its policies come with the LRs recorded on it, no range test.
        Assert.False(study.NeedsRangeTest);
        Assert.Equal(5, study.Policies.Count);
        // Each is a spec recorded on Fashion-MNIST / LeNet-5 (placeholders filled), with the optimizer it was recorded with.
        using (var kb = LRBench.Studies.Storage.StudyStore.OpenReadOnly(LRBench.Studies.Storage.StoreLocation.Sqlite(Path.Combine(Shipped, "fmnist-lenet5-2026-policies.db"))))
        using (var suite = LRBench.Studies.Storage.StudyStore.OpenReadOnly(LRBench.Studies.Storage.StoreLocation.Sqlite(Path.Combine(Shipped, "repository-workloads.db"))))
        {
            var recorded = kb.Results.Trials(kb.Results.Studies()[0].Id).Concat(suite.Results.Studies().SelectMany(st => suite.Results.Trials(st.Id)))
                .Select(t => (t.SpecText, t.Trial.ChosenOptimizer?.Name)).ToHashSet();
            Assert.All(study.Policies, p => Assert.Contains((p.SpecText, p.Optimizer?.Name), recorded));
        }

        // The same file is never overwritten.
        (code, _, err) = Cli.Run("recommend", "--dataset", "fashion-mnist", "--model", "lenet5", "--study-out", file);
        Cli.AssertBadInput(code, err, "exists");
    }

    [Fact]
    public void For_a_task_nothing_matches_closely_the_study_takes_its_LRs_from_a_range_test()
    {
        string file = Path.Combine(_dir, "new.yaml");
        var (code, output, err) = Cli.Run("recommend", "--dataset", "mnist", "--model", "lenet5", "--budget", "2ep", "--study-out", file);
        Assert.True(code == 0, err + output);
        var study = StudyParser.Load(file);
        Assert.True(study.NeedsRangeTest);
        Assert.Equal(200, study.RangeTest!.Steps);
        Assert.Contains(study.Policies, p => p.SpecText.Contains("$k1", StringComparison.Ordinal));
        // Spans recorded in steps on a 10,000-step run become fractions of the new run.
        Assert.DoesNotContain(study.Policies, p => p.SpecText.Contains("l=2000", StringComparison.Ordinal));
        Assert.Equal(3, study.Seeds.Count);

        // Nothing stored at all: the procedure's candidates, every one from the range test.
        string none = Path.Combine(_dir, "none.yaml");
        (code, output, err) = Cli.Run("recommend", "--dataset", "synthetic", "--model", "mlp:8", "--no-knowledge", "--store", "sqlite:" + Path.Combine(RepositoryRoot, "examples", "studies", "digits-mlp-policies.db"), "--study-out", none);
        Assert.True(code == 0, err + output);
        Assert.Contains("No stored task is like synthetic / mlp:8", output, StringComparison.Ordinal);
        var procedure = StudyParser.Load(none);
        Assert.All(procedure.Policies, p => Assert.Contains("$", p.SpecText, StringComparison.Ordinal));
    }

    [Fact]
    public void Knowledge_show_lists_the_shipped_stores_and_a_changed_or_escaping_knowledge_base_is_refused()
    {
        var (code, output, err) = Cli.Run("knowledge", "show");
        Assert.True(code == 0, err + output);
        Assert.Contains("repository-workloads.db", output, StringComparison.Ordinal);
        Assert.Contains("mnist-lenet-table7", output, StringComparison.Ordinal);

        string copy = Path.Combine(_dir, "kb");
        Directory.CreateDirectory(copy);
        foreach (string f in Directory.GetFiles(Shipped)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        (code, _, err) = Cli.Run("recommend", "--dataset", "mnist", "--model", "lenet5", "--knowledge", copy);
        Assert.True(code == 0, err);

        using (var s = File.OpenWrite(Path.Combine(copy, "digits-mlp-policies.db")))
        {
            s.Seek(200, SeekOrigin.Begin);
            s.WriteByte(0x5a);
        }

        (code, _, err) = Cli.Run("recommend", "--dataset", "mnist", "--model", "lenet5", "--knowledge", copy);
        Cli.AssertBadInput(code, err, "does not match its checksum");

        string manifest = Path.Combine(copy, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"digits-mlp-policies.db\"", "\"../digits-mlp-policies.db\"", StringComparison.Ordinal));
        (code, _, err) = Cli.Run("knowledge", "show", "--dir", copy);
        Cli.AssertBadInput(code, err, "is not a store file name");
        File.WriteAllText(manifest, "{ not json");
        (code, _, err) = Cli.Run("knowledge", "show", "--dir", copy);
        Cli.AssertBadInput(code, err, "is not a knowledge manifest");
    }

    [Fact]
    public void Knowledge_build_writes_compact_copies_with_checksums_and_refuses_two_files_of_one_name()
    {
        string source = Path.Combine(RepositoryRoot, "examples", "studies", "fmnist-lenet5-schedule-free-lr.db");
        string outDir = Path.Combine(_dir, "built");
        var (code, output, err) = Cli.Run("knowledge", "build", "--store", "sqlite:" + source, "--out", outDir);
        Assert.True(code == 0, err + output);
        Assert.Contains("fmnist-lenet5-schedule-free-lr.db: 1 studies, 9 finished trials", output, StringComparison.Ordinal);
        (code, output, err) = Cli.Run("knowledge", "show", "--dir", outDir);
        Assert.True(code == 0, err + output);
        Assert.Contains("fmnist-lenet5-schedule-free-lr", output, StringComparison.Ordinal);

        (code, _, err) = Cli.Run("knowledge", "build", "--store", "sqlite:" + source, "--store", "sqlite:" + source, "--out", outDir);
        Cli.AssertBadInput(code, err, "the same file name");
    }

    private static string RepositoryRoot => RepositoryFiles.RepoRoot;
}
