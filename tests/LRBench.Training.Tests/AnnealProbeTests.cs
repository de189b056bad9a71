using LRBench.Schedules.Specs;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;

namespace LRBench.Training.Tests;

/// <summary>
/// Anneal probes (a pruner's fair rungs): a probe judges the model as if the run ended with a linear anneal, and
/// leaves the run exactly as it would have been without it.
/// </summary>
[Collection("trainer")]
public sealed class AnnealProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-probe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly DataBundle Synthetic = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });

    private static TrainingOptions Small(string policy, long steps) => new()
    {
        Data = new DataOptions { Dataset = "synthetic" },
        Model = "mlp:16",
        Policy = PolicySpec.ParseAny(policy),
        Budget = LRBench.Schedules.Duration.Steps(steps),
        BatchSize = 25,
        EvaluateEvery = LRBench.Schedules.Duration.Steps(30),
        Optimizer = new LRBench.Training.Optimization.OptimizerOptions { Name = "sgd", Momentum = 0.9, Nesterov = true },
        MixupAlpha = 0.2, // mixup draws from (seed, step): the probe must use the steps the run would
        Threads = 1,
    };

    private sealed class Probes : ITrainingObserver
    {
        public List<(long From, EvaluationPoint Point)> Seen { get; } = [];

        public void OnAnnealProbe(long fromStep, EvaluationPoint point) => Seen.Add((fromStep, point));
    }

    [Fact]
    public void A_probe_equals_a_linear_anneal_forked_at_its_step_and_leaves_the_run_unchanged()
    {
        const string trunk = "wsd(peak_lr=0.08, warmup=20ba, decay=0ba, length=120ba)";
        var plain = new Trainer(Small(trunk, 120), Synthetic).Train();
        var probes = new Probes();
        var probed = new Trainer(Small(trunk, 120) with { CheckpointDirectory = Path.Combine(_dir, "probed"), AnnealProbes = new AnnealProbes([60], 30) }, Synthetic)
            .Train(probes);

        // The run is untouched: the same evaluations (the probe step was one anyway) and the same trace.
        Assert.Equal(plain.Evaluations.Select(e => (e.Step, e.Metrics)), probed.Evaluations.Select(e => (e.Step, e.Metrics)));
        Assert.Equal(plain.Trace, probed.Trace);
        Assert.False(Directory.Exists(Path.Combine(_dir, "probed", "probe"))); // the probe's state is not left behind

        // The probe is the model of a run that follows the trunk to step 60 and then decays linearly for 30 steps:
        // wsd's linear decay uses peak x (1 - i / 30) at step 60 + i, the probe's lr x (30 - i) / 30.
        var (from, point) = Assert.Single(probes.Seen);
        Assert.Equal((60L, 90L), (from, point.Step));
        var annealed = new Trainer(Small("wsd(peak_lr=0.08, warmup=20ba, decay=30ba, length=90ba, decay_type=linear)", 90), Synthetic).Train();
        Assert.Equal(annealed.Final!.Metrics, point.Metrics);
        Assert.NotEqual(plain.Evaluations.Single(e => e.Step == 90).Metrics, point.Metrics);
    }

    [Fact]
    public void Probes_need_a_positive_length_and_a_step_inside_the_run()
    {
        Assert.Throws<ArgumentException>(() => new Trainer(Small("FIX(k0=0.05)", 40) with { AnnealProbes = new AnnealProbes([20], 0) }, Synthetic));
        var late = Assert.Throws<ArgumentException>(() => new Trainer(Small("FIX(k0=0.05)", 40) with { AnnealProbes = new AnnealProbes([41], 5) }, Synthetic));
        Assert.Contains("step 41", late.Message, StringComparison.Ordinal);
    }

    /// <summary>Cancels when the evaluation at one step comes, just before that step's probe would start.</summary>
    private sealed class CancelAtEvaluation(long step, CancellationTokenSource cancel) : ITrainingObserver
    {
        public int ProbesReported { get; private set; }

        public void OnEvaluation(EvaluationPoint point)
        {
            if (point.Step == step) cancel.Cancel();
        }

        public void OnAnnealProbe(long fromStep, EvaluationPoint point) => ProbesReported++;
    }

    [Fact]
    public void A_cancel_during_an_anneal_probe_stops_it_at_once_and_leaves_no_probe_state()
    {
        // A probe of a million steps: were cancellation not honoured inside it, this test would not end.
        var options = Small("FIX(k0=0.05)", 120) with { CheckpointDirectory = Path.Combine(_dir, "cancelled"), AnnealProbes = new AnnealProbes([60], 1_000_000) };
        using var cancel = new CancellationTokenSource();
        var observer = new CancelAtEvaluation(60, cancel);
        var stopped = new Trainer(options, Synthetic).Train(observer, resume: false, cancel.Token);

        Assert.Equal(RunStatus.Interrupted, stopped.Status);
        Assert.Equal(0, observer.ProbesReported);
        Assert.False(Directory.Exists(Path.Combine(_dir, "cancelled", "probe")));
        Assert.Equal(60, stopped.Steps);
    }
}
