using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;

namespace LRBench.Training.Tests;

/// <summary>Snapshots kept during a run, runs that continue from a snapshot (fork-and-anneal), and snapshot ensembles.</summary>
[Collection("trainer")]
public sealed class SnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-snap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly DataBundle Synthetic = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });

    private static TrainingOptions Small(string policy, long steps) => new()
    {
        Data = new DataOptions { Dataset = "synthetic" },
        Model = "mlp:32",
        Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
        Policy = LRBench.Schedules.Specs.PolicySpec.ParseAny(policy),
        Budget = Duration.Steps(steps),
        BatchSize = 50,
        EvaluateEvery = Duration.Steps(steps),
        Seed = 3,
        Threads = 1,
        MixupAlpha = 0.2,
    };

    [Fact]
    public void A_run_started_from_a_snapshot_continues_the_trajectory_exactly_as_one_trained_from_scratch()
    {
        // Trunk: warm-up then constant LR, snapshots at 60 and 90. Fork: the same warm-up and plateau, then a
        // cool-down from step 60 to 90. Started from the trunk's snapshot at 60 it must end where the fork trained
        // from scratch ends, weights, optimizer moments and data order included.
        string trunkDir = Path.Combine(_dir, "trunk");
        var trunk = new Trainer(Small("wsd(peak_lr=0.08, warmup=20ba, decay=0ba, length=90ba)", 90) with
        {
            CheckpointDirectory = trunkDir,
            SnapshotAtSteps = [60, 90],
        }, Synthetic).Train();
        Assert.Equal(RunStatus.Completed, trunk.Status);
        Assert.Equal([60L, 90], trunk.Evaluations.Select(e => e.Step)); // snapshots are evaluated
        Assert.True(File.Exists(Path.Combine(Trainer.SnapshotDirectory(trunkDir, 60), "checkpoint", "state.json")));

        const string fork = "wsd(peak_lr=0.08, warmup=20ba, decay=30ba, length=90ba, decay_type=1-sqrt)";
        var scratch = new Trainer(Small(fork, 90), Synthetic).Train();
        var forked = new Trainer(Small(fork, 90) with { StartFrom = Trainer.SnapshotDirectory(trunkDir, 60) }, Synthetic).Train();

        Assert.Equal(60, forked.StartedFromStep);
        Assert.Equal(90, forked.Steps);
        Assert.Equal(scratch.Final!.Metrics, forked.Final!.Metrics);
        Assert.Equal(scratch.Trace.Where(t => t.Step >= 60), forked.Trace.Where(t => t.Step >= 60));
        Assert.NotEqual(trunk.Final!.Metrics, forked.Final.Metrics); // the cool-down changed something
        // The fork's history up to the snapshot is the trunk's: its evaluation at 60 is inherited.
        Assert.Equal(trunk.Evaluations[0].Metrics, forked.Evaluations[0].Metrics);
    }

    [Fact]
    public void A_snapshot_from_another_seed_or_model_is_refused()
    {
        string trunkDir = Path.Combine(_dir, "trunk");
        new Trainer(Small("FIX(k0=0.05)", 40) with { CheckpointDirectory = trunkDir, SnapshotAtSteps = [20] }, Synthetic).Train();
        string snapshot = Trainer.SnapshotDirectory(trunkDir, 20);

        var otherSeed = Assert.Throws<InvalidDataException>(() => new Trainer(Small("FIX(k0=0.01)", 40) with { Seed = 4, StartFrom = snapshot }, Synthetic).Train());
        Assert.Contains("seed", otherSeed.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new Trainer(Small("FIX(k0=0.01)", 40) with { LabelSmoothing = 0.1, StartFrom = snapshot }, Synthetic).Train());
        var missing = Assert.Throws<FileNotFoundException>(() => new Trainer(Small("FIX(k0=0.01)", 40) with { StartFrom = Path.Combine(_dir, "nowhere") }, Synthetic).Train());
        Assert.Contains("nowhere", missing.Message, StringComparison.Ordinal);
        var late = Assert.Throws<ArgumentException>(() => new Trainer(Small("FIX(k0=0.01)", 40) with { CheckpointDirectory = trunkDir, SnapshotAtSteps = [41] }, Synthetic));
        Assert.Contains("step 41", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_ensembles_average_the_softmax_of_the_last_M_snapshots()
    {
        string dir = Path.Combine(_dir, "cyclic");
        var result = new Trainer(Small("multiplicative_cyclic(peak_lr=0.1, first_period=20ba, factor=2, warmup=10ba)", 150) with
        {
            CheckpointDirectory = dir,
            SnapshotAtSteps = [30, 70, 150],
            SnapshotEnsembles = true,
        }, Synthetic).Train();

        Assert.Equal([(70L, 2), (150L, 2), (150L, 3)], result.Ensembles.Select(e => (e.Step, e.Members)));
        var outputs = new[] { 30L, 70, 150 }.ToDictionary(s => s, s => SnapshotProbabilities.Read(Path.Combine(Trainer.SnapshotDirectory(dir, s), SnapshotProbabilities.FileName)));
        int[] labels = Synthetic.Evaluation.Labels;
        foreach (long s in outputs.Keys)
            Assert.Equal(result.Evaluations.Single(e => e.Step == s).Metrics, ClassificationMetrics.Compute(outputs[s], Synthetic.Classes, labels));
        Assert.Equal(SnapshotProbabilities.Ensemble([outputs[150], outputs[70]], Synthetic.Classes, labels), result.Ensembles[1].Metrics);
        Assert.Equal(SnapshotProbabilities.Ensemble([outputs[150], outputs[70], outputs[30]], Synthetic.Classes, labels), result.Ensembles[2].Metrics);
    }

    [Fact]
    public void The_ensemble_averages_probabilities_not_log_probabilities()
    {
        // Two samples, three classes. Averaged probabilities: sample 0 -> (0.4, 0.35, 0.25), right (label 0);
        // sample 1 -> (0.2, 0.3, 0.5), wrong (label 1). A geometric mean would pick class 1 for sample 0.
        float[] Log(params double[] p) => [.. p.Select(v => (float)Math.Log(v))];
        var a = Log(0.7, 0.2, 0.1, 0.2, 0.5, 0.3);
        var b = Log(0.1, 0.5, 0.4, 0.2, 0.1, 0.7);
        var m = SnapshotProbabilities.Ensemble([a, b], 3, [0, 1]);
        Assert.Equal(0.5, m.Top1);
        Assert.Equal((-Math.Log(0.4) - Math.Log(0.3)) / 2, m.Loss, 5);

        string file = Path.Combine(_dir, "lp.bin");
        SnapshotProbabilities.Write(file, a);
        Assert.Equal(a, SnapshotProbabilities.Read(file));
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..12]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => SnapshotProbabilities.Read(file)).Message, StringComparison.Ordinal);
    }
}
