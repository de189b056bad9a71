using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;

namespace LRBench.Training.Tests;

/// <summary>Trainer tests share the process-wide thread setting, so they run one at a time.</summary>
[CollectionDefinition("trainer", DisableParallelization = true)]
public sealed class TrainerCollection
{
}

[Collection("trainer")]
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly DataBundle Synthetic = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });

    private static TrainingOptions Small(string policy = "FIX(k0=0.05)") => new()
    {
        Data = new DataOptions { Dataset = "synthetic" },
        Model = "mlp:32",
        Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9 },
        Policy = LRBench.Schedules.Specs.PolicySpec.ParseAny(policy),
        Budget = Duration.Epochs(3),
        BatchSize = 50,
        EvaluateEvery = Duration.Steps(25),
        Seed = 5,
        Threads = 1,
    };

    [Fact]
    public void LeNet5_learns_a_slice_of_real_fashion_mnist()
    {
        var options = new TrainingOptions
        {
            Data = new DataOptions { TrainLimit = 6000, EvaluationLimit = 2000, Seed = 1 },
            Model = "lenet5",
            Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse("warmup_cosine(peak_lr=0.05, warmup=0.5ep)"),
            Budget = Duration.Epochs(4),
            BatchSize = 64,
            Threads = 2,
        };
        var result = Trainer.Run(options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(4 * 94, result.Steps); // ceil(6000 / 64) = 94 steps per epoch
        Assert.Equal([94L, 188, 282, 376], result.Evaluations.Select(e => e.Step));
        var last = result.Final!;
        Assert.InRange(last.Metrics.Top1, 0.78, 0.95); // 6,000 images, 4 epochs: a working LeNet is near 0.85
        Assert.True(last.Metrics.Top5 > 0.98);
        Assert.True(result.Evaluations[0].TrainLoss > last.TrainLoss, "training loss falls");
        Assert.InRange(last.Metrics.AverageConfidence, 0.5, 1.0);
        Assert.Equal(2000, last.Metrics.Samples);
    }

    [Fact]
    public void Caffe_lenet_learns_a_slice_of_real_mnist_at_the_table_vii_settings()
    {
        // The Table VII workload in small: Caffe's LeNet, pixels / 256, batch 100, SGD momentum 0.9, weight decay
        // 5e-4, SIN2 between the table's 0.01 and 0.06; 200 steps on 2,000 digits. On one thread, the setting where
        // libtorch's conv2d returned non-finite values for the second layer (docs/training.md).
        var options = new TrainingOptions
        {
            Data = new DataOptions { Dataset = "mnist", Normalize = false, TrainLimit = 2000, EvaluationLimit = 1000, Seed = 2 },
            Model = "lenet-caffe",
            Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9, WeightDecay = 5e-4 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse("SIN2(k0=0.01, k1=0.06, l=50)"),
            Budget = Duration.Steps(200),
            BatchSize = 100,
            EvaluateEvery = Duration.Steps(100),
            Threads = 1,
        };
        var result = Trainer.Run(options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal([100L, 200], result.Evaluations.Select(e => e.Step));
        Assert.InRange(result.Final!.Metrics.Top1, 0.90, 1.0); // 10 epochs of 2,000 digits: LeNet is near 0.95
        Assert.True(double.IsFinite(result.Final.Metrics.Loss));
    }

    [Fact]
    public void Same_seed_and_threads_give_identical_results_and_another_seed_does_not()
    {
        var a = new Trainer(Small(), Synthetic).Train();
        var b = new Trainer(Small(), Synthetic).Train();
        var c = new Trainer(Small() with { Seed = 6 }, Synthetic).Train();
        Assert.Equal(a.Evaluations.Select(e => e.Metrics), b.Evaluations.Select(e => e.Metrics));
        Assert.Equal(a.Trace.Select(t => t.Loss), b.Trace.Select(t => t.Loss));
        Assert.NotEqual(a.Trace.Select(t => t.Loss), c.Trace.Select(t => t.Loss));
    }

    [Fact]
    public void An_interrupted_run_resumed_from_its_checkpoint_ends_exactly_where_an_uninterrupted_one_does()
    {
        var reference = new Trainer(Small("warmup_cosine(peak_lr=0.1, warmup=1ep)") with { MixupAlpha = 0.4 }, Synthetic).Train();

        var options = Small("warmup_cosine(peak_lr=0.1, warmup=1ep)") with
        {
            MixupAlpha = 0.4,
            CheckpointDirectory = Path.Combine(_dir, "run"),
            CheckpointEvery = Duration.Steps(10),
        };
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(options, Synthetic).Train(new CancelAt(57, cancel), resume: false, cancel.Token);
        Assert.Equal(RunStatus.Interrupted, first.Status);
        Assert.Equal(57, first.Steps);

        var resumed = new Trainer(options, Synthetic).Train(resume: true);
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(reference.Steps, resumed.Steps);
        Assert.Equal(reference.Evaluations.Select(e => (e.Step, e.Metrics, e.TrainLoss)), resumed.Evaluations.Select(e => (e.Step, e.Metrics, e.TrainLoss)));
        Assert.Equal(reference.Trace, resumed.Trace);
    }

    [Fact]
    public void AutoWU_drives_a_run_reports_its_switch_and_resumes_exactly()
    {
        // 40 steps per epoch, tests every 10 steps: the warm-up test runs many times in a short run.
        const string spec = "autowu(patience=2, test_every=10ba, fit_iterations=20, predict_points=120, grid_points=120, fit_points=60)";
        var baseOptions = Small(spec) with { Budget = Duration.Epochs(8), Optimizer = new OptimizerOptions { Name = "adamp" } };
        var events = new EventLog();
        var reference = new Trainer(baseOptions, Synthetic).Train(events);
        Assert.Equal(RunStatus.Completed, reference.Status);
        var switched = Assert.Single(reference.PolicyEvents);
        Assert.Equal(switched, Assert.Single(events.Events));
        Assert.True(switched.Step < 160, $"the warm-up ended before its cap at rho T = 160 steps (at {switched.Step})");
        // The trace shows it: the LR grows until the switch, then jumps to the restart LR and holds.
        var lrs = reference.Trace.ToDictionary(t => t.Step, t => t.LearningRate);
        Assert.True(lrs[switched.Step - 1] > lrs[switched.Step - 2]);
        Assert.Equal(lrs[switched.Step], lrs[switched.Step + 10], 15);
        // Evaluations report the LR the last step used, not the schedule's preview (which warms up on to the cap).
        var after = reference.Evaluations.Where(e => e.Step > switched.Step).ToList();
        Assert.NotEmpty(after);
        Assert.All(reference.Evaluations.Where(e => e.Step > 0), e => Assert.Equal(lrs[e.Step - 1], e.LearningRate, 15));

        var options = baseOptions with { CheckpointDirectory = Path.Combine(_dir, "autowu"), CheckpointEvery = Duration.Steps(25), TracePoints = 1000 };
        var whole = new Trainer(options with { CheckpointDirectory = null, CheckpointEvery = null }, Synthetic).Train();
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(options, Synthetic).Train(new CancelAt(switched.Step - 15, cancel), resume: false, cancel.Token);
        Assert.Equal(RunStatus.Interrupted, first.Status);
        var resumed = new Trainer(options, Synthetic).Train(resume: true);
        Assert.Equal(whole.Trace, resumed.Trace);
        Assert.Equal(whole.Evaluations.Select(e => (e.Step, e.Metrics)), resumed.Evaluations.Select(e => (e.Step, e.Metrics)));
        Assert.Equal(whole.PolicyEvents, resumed.PolicyEvents);
    }

    private sealed class EventLog : ITrainingObserver
    {
        public List<PolicyEvent> Events { get; } = [];

        public void OnPolicyEvent(PolicyEvent policyEvent) => Events.Add(policyEvent);
    }

    [Fact]
    public void Resuming_with_different_options_is_refused()
    {
        var options = Small() with { CheckpointDirectory = Path.Combine(_dir, "run") };
        new Trainer(options, Synthetic).Train();
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(options with { BatchSize = 25 }, Synthetic).Train(resume: true));
        Assert.Contains("different options", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverging_run_stops_cleanly_and_keeps_the_metrics_so_far()
    {
        var options = Small("FIX(k0=1e4)") with { EvaluateEvery = Duration.Steps(1), Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0 } };
        var observer = new Recorder();
        var result = new Trainer(options, Synthetic).Train(observer);
        Assert.Equal(RunStatus.Diverged, result.Status);
        Assert.NotNull(result.DivergedAtStep);
        Assert.Equal(result.DivergedAtStep, result.Steps);
        Assert.True(result.Steps < options.BatchSize * 3, "stops long before the end of the budget");
        Assert.Equal(result.Steps, result.Evaluations.Count); // one evaluation per completed step
        Assert.False(double.IsFinite(result.Trace[^1].Loss));
        Assert.Equal(result.DivergedAtStep, observer.DivergedAt);
    }

    [Fact]
    public void Label_smoothing_keeps_the_training_loss_above_the_entropy_of_the_smoothed_target()
    {
        // Cross-entropy against a target distribution is at least that distribution's entropy: with 4 classes and
        // epsilon 0.3 the target is (0.775, 0.075, 0.075, 0.075), whose entropy is 0.7804 nats.
        double eps = 0.3, k = 4, hi = 1 - eps + (eps / k), lo = eps / k;
        double entropy = -(hi * Math.Log(hi)) - ((k - 1) * lo * Math.Log(lo));
        var smoothed = new Trainer(Small() with { LabelSmoothing = eps }, Synthetic).Train();
        var plain = new Trainer(Small(), Synthetic).Train();
        Assert.All(smoothed.Trace, t => Assert.True(t.Loss >= entropy - 1e-4, $"step {t.Step}: {t.Loss} < {entropy}"));
        Assert.True(plain.Trace[^1].Loss < entropy, "without smoothing the loss falls below that bound");
        Assert.True(smoothed.Final!.Metrics.Top1 > 0.9, "and the model still learns");
    }

    [Fact]
    public void Mixup_and_label_smoothing_together_still_learn()
    {
        var result = new Trainer(Small() with { LabelSmoothing = 0.1, MixupAlpha = 0.2 }, Synthetic).Train();
        Assert.True(result.Final!.Metrics.Top1 > 0.9);
    }

    [Fact]
    public void Evaluations_fall_on_epoch_ends_and_the_best_top1_is_tracked()
    {
        var options = Small() with { EvaluateEvery = Duration.Epochs(0.5) }; // 40 steps per epoch: every 20 steps
        var result = new Trainer(options, Synthetic).Train();
        Assert.Equal([20L, 40, 60, 80, 100, 120], result.Evaluations.Select(e => e.Step));
        for (int i = 0; i < result.Evaluations.Count; i++)
        {
            var upTo = result.Evaluations.Take(i + 1).ToList();
            double best = upTo.Max(e => e.Metrics.Top1);
            Assert.Equal(best, result.Evaluations[i].BestTop1);
            Assert.Equal(upTo.First(e => e.Metrics.Top1 == best).Step, result.Evaluations[i].BestTop1Step);
            Assert.Equal(result.Evaluations[i].Metrics.Loss - result.Evaluations[i].TrainLoss, result.Evaluations[i].LossDifference, 12);
        }

        Assert.True(result.Evaluations.Zip(result.Evaluations.Skip(1)).All(p => p.Second.WallSeconds >= p.First.WallSeconds));
    }

    [Fact]
    public void The_policy_sets_the_learning_rate_of_every_step()
    {
        var result = new Trainer(Small("STEP(k0=0.1, gamma=0.5, l=30)") with { TracePoints = 1000 }, Synthetic).Train();
        Assert.All(result.Trace, t => Assert.Equal(0.1 * Math.Pow(0.5, Math.Floor(t.Step / 30.0)), t.LearningRate, 12));
    }

    [Theory]
    [InlineData("adam", 0.003)]
    [InlineData("adamw", 0.003)]
    [InlineData("rmsprop", 0.003)]
    [InlineData("lamb", 0.02)] // steps are lr x the layer's weight norm: larger LRs than Adam's
    [InlineData("adamp", 0.003)]
    public void Every_optimizer_trains(string name, double lr)
    {
        var options = Small($"FIX(k0={lr})") with { Optimizer = new OptimizerOptions { Name = name, WeightDecay = 1e-4, Momentum = 0 } };
        Assert.True(new Trainer(options, Synthetic).Train().Final!.Metrics.Top1 > 0.9);
    }

    [Fact]
    public void Bad_options_name_the_setting_and_what_is_allowed()
    {
        Assert.Contains("batch size must be a positive integer", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { BatchSize = 0 }, Synthetic)).Message, StringComparison.Ordinal);
        Assert.Contains("label smoothing must be in [0, 1)", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { LabelSmoothing = 1 }, Synthetic)).Message, StringComparison.Ordinal);
        Assert.Contains("Nesterov momentum needs", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Optimizer = new OptimizerOptions { Name = "adam", Nesterov = true } }, Synthetic)).Message, StringComparison.Ordinal);
        Assert.Contains("known: sgd, adam, adamw, rmsprop, lamb, adamp", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Optimizer = new OptimizerOptions { Name = "adagrad" } }, Synthetic)).Message, StringComparison.Ordinal);
        Assert.Contains("budget", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Budget = Duration.Fraction(1) }, Synthetic)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_beyond_float32_are_refused_before_training_naming_the_value()
    {
        // 1e39 passes the spec checks (finite, below 1e300) but not float32, whose largest value is about 3.4e38.
        Assert.Contains("FIX: the learning rate at step 0 would be 1E+39, beyond float32's range",
            Assert.Throws<ArgumentException>(() => new Trainer(Small("FIX(k0=1e39)"), Synthetic)).Message, StringComparison.Ordinal);
        // A rate that grows out of range later in the run: a linear warm-up from 0 to 1e39 over 100 steps passes 3.4e38 at step 35.
        Assert.Contains("the learning rate at step 35 would be",
            Assert.Throws<ArgumentException>(() => new Trainer(Small("warmup_cosine(peak_lr=1e39, warmup=100)") with { Budget = Duration.Steps(200) }, Synthetic)).Message, StringComparison.Ordinal);
        _ = new Trainer(Small("FIX(k0=3e38)") with { Budget = Duration.Steps(1) }, Synthetic); // inside the range: accepted
        Assert.Contains("the weight decay is 1E+39", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Optimizer = new OptimizerOptions { WeightDecay = 1e39 } }, Synthetic)).Message, StringComparison.Ordinal);
        Assert.Contains("epsilon is 1E+300", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Optimizer = new OptimizerOptions { Name = "adam", Epsilon = 1e300 } }, Synthetic)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mlp:100000", "a hidden width is at most 16,384, got 100,000")]
    [InlineData("mlp:10000,10000,10000", "its hidden layers hold 200,000,000 weights; at most 100,000,000")]
    public void An_mlp_too_large_to_allocate_is_refused_by_name_before_any_memory_is_asked_for(string model, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => LRBench.Training.Models.ModelZoo.Resolve(model)).Message, StringComparison.Ordinal);

    private sealed class Recorder : ITrainingObserver
    {
        public long? DivergedAt { get; private set; }

        public void OnDiverged(long step, double loss) => DivergedAt = step;
    }
}
