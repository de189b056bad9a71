using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using OptimizerOptions = LRBench.Training.Optimization.OptimizerOptions;
using Adam = LRBench.Training.Optimization.Adam;
using LRBench.Training.Tasks;
using LRBench.Training.Settings;
using Conv2d = TorchSharp.Modules.Conv2d;
using Linear = TorchSharp.Modules.Linear;
using Sequential = TorchSharp.Modules.Sequential;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Tests;

/// <summary>A user's own model and data as a <see cref="TrainingTask"/>: the same engine, checks and resume as the built-in tasks.</summary>
[Collection("trainer")]
public sealed class TaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-task-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Lazy<DataBundle> FashionSlice = new(() =>
        DataCatalogue.Load(new DataOptions { TrainLimit = 1200, EvaluationLimit = 400, Seed = 3 }));

    private static TrainingOptions Options(string policy, Duration budget) => new()
    {
        Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9 },
        Policy = PolicySpec.Parse(policy),
        Budget = budget,
        BatchSize = 100,
        EvaluateEvery = Duration.Steps(6),
        Seed = 11,
        Threads = 1,
    };

    [Fact]
    public void A_users_LeNet5_built_like_the_zoos_gives_the_zoos_metrics_for_the_same_seed()
    {
        var data = FashionSlice.Value;
        var options = Options("warmup_cosine(peak_lr=0.05, warmup=3ba)", Duration.Steps(24)) with { Data = new DataOptions { TrainLimit = 1200, EvaluationLimit = 400, Seed = 3 }, Model = "lenet5" };
        var zoo = new Trainer(options, data).Train();

        using var train = TensorBatchSource.FromImages(data.Train);
        using var evaluation = TensorBatchSource.FromImages(data.Evaluation);
        var task = new TrainingTask
        {
            Name = "my-lenet",
            Model = () => new UserLeNet(data.Shape.Channels, data.Classes),
            Train = train,
            Evaluation = evaluation,
            Objective = new ClassificationObjective(data.Classes),
        };
        var mine = new Trainer(task, options).Train();

        Assert.Equal(RunStatus.Completed, mine.Status);
        Assert.Equal(4, mine.Evaluations.Count);
        Assert.Equal(zoo.Evaluations.Select(e => (e.Step, e.Metrics, e.TrainLoss)), mine.Evaluations.Select(e => (e.Step, e.Metrics, e.TrainLoss)));
        Assert.Equal(zoo.Trace, mine.Trace);
        Assert.Equal("my-lenet", mine.Plan.Model);
        Assert.Equal(zoo.Plan.ParameterCount, mine.Plan.ParameterCount);
    }

    [Fact]
    public void A_regression_task_reports_its_loss_and_metric_and_resumes_exactly()
    {
        using var task = Regression.Create(seed: 2);
        var options = Options("FIX(k0=0.05)", Duration.Epochs(12)) with { BatchSize = 25, EvaluateEvery = Duration.Steps(48) };
        var reference = new Trainer(task.Task, options).Train();

        Assert.Equal(RunStatus.Completed, reference.Status);
        var first = reference.Evaluations[0];
        var last = reference.Evaluations[^1];
        Assert.True(double.IsNaN(last.Metrics.Top1) && double.IsNaN(last.Metrics.AverageConfidence), "no classification metrics for regression");
        Assert.True(last.Metrics.Loss < 0.5 * first.Metrics.Loss, $"validation MSE falls: {first.Metrics.Loss} -> {last.Metrics.Loss}");
        Assert.True(last.TaskMetric > first.TaskMetric, "R² rises");
        Assert.InRange(last.TaskMetric!.Value, 0.5, 1.0);

        var resumable = options with { CheckpointDirectory = Path.Combine(_dir, "regression"), CheckpointEvery = Duration.Steps(5) };
        using var cancel = new CancellationTokenSource();
        var cut = new Trainer(task.Task, resumable).Train(new CancelAt(13, cancel), resume: false, cancel.Token);
        Assert.Equal(RunStatus.Interrupted, cut.Status);
        var resumed = new Trainer(task.Task, resumable).Train(resume: true);
        Assert.Equal(reference.Evaluations.Select(e => (e.Step, e.Metrics, e.TaskMetric, e.TrainLoss)), resumed.Evaluations.Select(e => (e.Step, e.Metrics, e.TaskMetric, e.TrainLoss)));
        Assert.Equal(reference.Trace, resumed.Trace);

        // The checkpoint names its task: another task (here: the same data under another name) does not resume it.
        var other = new TrainingTask { Name = "someone-else", Model = task.Task.Model, Train = task.Task.Train, Evaluation = task.Task.Evaluation, Objective = task.Task.Objective };
        Assert.NotNull(Trainer.CheckpointConflict(resumable, other));
        Assert.Null(Trainer.CheckpointConflict(resumable, task.Task));
    }

    [Fact]
    public void AutoWU_warms_up_a_regression_task_and_switches_on_its_loss()
    {
        // 16 steps per epoch, a warm-up test every 8 steps: AutoWU reads the task's loss, whatever the task is.
        using var task = Regression.Create(seed: 5);
        const string spec = "autowu(patience=2, test_every=8ba, fit_iterations=20, predict_points=120, grid_points=120, fit_points=60)";
        var options = Options(spec, Duration.Epochs(16)) with { BatchSize = 25, Optimizer = new OptimizerOptions { Name = "adamp" } };
        var result = new Trainer(task.Task, options).Train();
        Assert.Equal(RunStatus.Completed, result.Status);
        var switched = Assert.Single(result.PolicyEvents);
        var lrs = result.Trace.ToDictionary(t => t.Step, t => t.LearningRate);
        Assert.True(lrs[switched.Step - 1] > lrs[1], "the rate grew during the warm-up");
        Assert.True(result.Evaluations[^1].Metrics.Loss < result.Evaluations[0].Metrics.Loss);
    }

    [Fact]
    public void ReduceLROnPlateau_reads_the_validation_loss_at_each_evaluation_and_resumes_exactly()
    {
        // threshold 0.9 (relative): an evaluation must cut the loss by 90% to count, so each one after the first
        // halves the LR, right after that evaluation and before its checkpoint.
        using var task = Regression.Create(seed: 6);
        var options = Options("ReduceLROnPlateau(base_lr=0.05, factor=0.5, patience=0, threshold=0.9)", Duration.Epochs(8)) with
        {
            BatchSize = 25, EvaluateEvery = Duration.Steps(16), TracePoints = 1000,
        };
        var whole = new Trainer(task.Task, options).Train();
        var lrs = whole.Trace.ToDictionary(t => t.Step, t => t.LearningRate);
        Assert.Equal(0.05, lrs[0]);
        Assert.Equal(0.05, lrs[16]);                  // the first evaluation (step 16) is the best so far
        Assert.Equal(0.025, lrs[32], 15);             // the second reduces, from the step after it on
        Assert.Equal(0.05 / 64, lrs[127], 15);        // evaluations at 32, 48, ..., 112 each halve it
        Assert.Equal(7, whole.PolicyEvents.Count);    // 8 evaluations; the last one (step 128) reduces after the last step
        Assert.Equal(whole.Evaluations.Select(e => e.LearningRate).Skip(1), whole.Evaluations.Select(e => lrs[e.Step - 1]).Skip(1));

        var resumable = options with { CheckpointDirectory = Path.Combine(_dir, "plateau"), CheckpointEvery = Duration.Steps(16) };
        using var cancel = new CancellationTokenSource();
        new Trainer(task.Task, resumable).Train(new CancelAt(56, cancel), resume: false, cancel.Token);
        var resumed = new Trainer(task.Task, resumable).Train(resume: true);
        Assert.Equal(whole.Trace, resumed.Trace);
        Assert.Equal(whole.PolicyEvents, resumed.PolicyEvents);
    }

    [Fact]
    public void A_users_own_loop_reports_its_metric_to_the_driver()
    {
        var weight = TorchSharp.torch.nn.Parameter(TorchSharp.torch.zeros(1));
        using var optimizer = new Sgd([weight], new SgdOptions { LearningRate = 1 });
        var policy = LRBench.Adaptive.Policies.Registry.Compile("ReduceLROnPlateau(base_lr=0.1, factor=0.1, patience=0)", new RunClock(10) { TotalSteps = 100 });
        var driver = new LRBench.Training.Driving.PolicyDriver(optimizer, policy);
        Assert.Equal(MetricSource.ValidationLoss, driver.Metric);
        Assert.Equal(0.1, optimizer.ParamGroups.Single().LearningRate);
        driver.Step(1.0);
        driver.Observe(2.0);   // the best so far
        driver.Observe(2.5);   // worse: reduced at once (patience 0)
        Assert.Equal(0.01, optimizer.ParamGroups.Single().LearningRate, 15);
        Assert.Single(driver.Events);
    }

    [Fact]
    public void A_tasks_own_optimizer_factory_is_used()
    {
        using var task = Regression.Create(seed: 4);
        int made = 0;
        var withOptimizer = new TrainingTask
        {
            Name = task.Task.Name, Model = task.Task.Model, Train = task.Task.Train, Evaluation = task.Task.Evaluation, Objective = task.Task.Objective,
            Optimizer = (parameters, lr) =>
            {
                made++;
                return new Adam(parameters, new MomentOptions { LearningRate = lr });
            },
        };
        var adam = new Trainer(withOptimizer, Options("FIX(k0=0.01)", Duration.Epochs(1))).Train();
        var sgd = new Trainer(task.Task, Options("FIX(k0=0.01)", Duration.Epochs(1))).Train();
        Assert.Equal(1, made);
        Assert.NotEqual(sgd.Trace.Select(t => t.Loss), adam.Trace.Select(t => t.Loss));
    }

    public static TheoryData<string, string> BadTasks => new()
    {
        { "wrong-shape", "task 'wrong-shape': the model returned [2, 5] for a training batch of 2; a classifier of 10 classes must return [2, 10] logits" },
        { "labels-out-of-range", "task 'labels-out-of-range': the training labels run from 0 to 12; with 10 classes they must lie in 0..9" },
        { "nan-inputs", "task 'nan-inputs': the validation inputs hold NaN or infinite values" },
        { "empty", "task 'empty': its training data is empty" },
        { "float-labels", "task 'float-labels': the training targets are Float32; classification needs class indices as int64" },
    };

    [Theory]
    [MemberData(nameof(BadTasks))]
    public void A_bad_task_is_named_with_its_problem_before_anything_is_trained_or_written(string name, string expected)
    {
        using var scope = NewDisposeScope();
        int n = name == "empty" ? 0 : 20;
        var random = new Random(7);
        Tensor Images(float fill) => tensor(Enumerable.Range(0, n * 16).Select(_ => float.IsNaN(fill) ? fill : (float)random.NextDouble()).ToArray(), [n, 1, 4, 4]);
        var x = Images(0);
        var y = tensor(Enumerable.Range(0, n).Select(i => (long)(i % (name == "labels-out-of-range" ? 13 : 10))).ToArray());
        if (name == "float-labels") y = y.to_type(ScalarType.Float32);
        var evalX = Images(name == "nan-inputs" ? float.NaN : 0);
        var evalY = tensor(Enumerable.Range(0, n).Select(i => (long)(i % 10)).ToArray());
        var task = new TrainingTask
        {
            Name = name,
            Model = () => Sequential(Flatten(), Linear(16, name == "wrong-shape" ? 5 : 10)),
            Train = new TensorBatchSource(x, y),
            Evaluation = new TensorBatchSource(evalX, evalY),
            Objective = new ClassificationObjective(10),
        };
        string checkpoints = Path.Combine(_dir, name);
        var options = Options("FIX(k0=0.1)", Duration.Epochs(1)) with { BatchSize = 5, CheckpointDirectory = checkpoints };

        var e = Assert.Throws<TaskException>(() => new Trainer(task, options).Train());
        Assert.Equal(expected, e.Message);
        Assert.False(Directory.Exists(checkpoints), "nothing is written for a bad task");
    }

    [Fact]
    public void Methods_that_need_classes_are_refused_for_a_regression_task()
    {
        using var task = Regression.Create(seed: 1);
        var e = Assert.Throws<TaskException>(() => new Trainer(task.Task, Options("FIX(k0=0.1)", Duration.Epochs(1)) with { MixupAlpha = 0.2 }));
        Assert.Equal("task 'sine-regression': label smoothing, mixup and snapshot ensembles need a classification task", e.Message);
    }

    /// <summary>LeNet-5 written from scratch, as a user would: the zoo's layers, in the same order, Xavier-initialised.</summary>
    private sealed class UserLeNet : Module<Tensor, Tensor>
    {
        private readonly Sequential _features;
        private readonly Sequential _classifier;

        public UserLeNet(int channels, int classes) : base("user-lenet")
        {
            _features = Sequential(
                ("conv1", Conv2d(channels, 6, 5, padding: 2)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
                ("conv2", Conv2d(6, 16, 5)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)), ("flatten", Flatten()));
            _classifier = Sequential(
                ("fc1", Linear(16 * 5 * 5, 120)), ("relu3", ReLU()), ("fc2", Linear(120, 84)), ("relu4", ReLU()), ("fc3", Linear(84, classes)));
            RegisterComponents();
            foreach (var m in modules())
            {
                if (m is Conv2d conv)
                {
                    init.xavier_uniform_(conv.weight);
                    init.zeros_(conv.bias!);
                }
                else if (m is Linear linear)
                {
                    init.xavier_uniform_(linear.weight);
                    init.zeros_(linear.bias!);
                }
            }
        }

        public override Tensor forward(Tensor input) => _classifier.forward(_features.forward(input));
    }
}
