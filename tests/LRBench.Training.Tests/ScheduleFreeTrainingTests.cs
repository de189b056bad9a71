using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using LRBench.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>
/// The schedule-free optimizers in the trainer: they learn with a constant policy, a run is evaluated and saved at
/// the average x (its authors' rule) while it trains at y, and an interrupted run resumes bit for bit.
/// </summary>
[Collection("trainer")]
public sealed class ScheduleFreeTrainingTests : IDisposable
{
    private static readonly DataBundle Synthetic = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-train-sf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainingOptions Small(string optimizer, double lr) => new()
    {
        Data = new DataOptions { Dataset = "synthetic" },
        Model = "mlp:32",
        Optimizer = new OptimizerOptions { Name = optimizer, Momentum = 0.9, WarmupSteps = 20, WeightDecay = 1e-4 },
        Policy = LRBench.Schedules.Specs.PolicySpec.ParseAny($"FIX(k0={lr})"),
        Budget = Duration.Epochs(3),
        BatchSize = 50,
        EvaluateEvery = Duration.Steps(25),
        Seed = 5,
        Threads = 1,
    };

    [Theory]
    [InlineData(OptimizerFactory.ScheduleFreeSgdName, 0.2)]
    [InlineData(OptimizerFactory.ScheduleFreeAdamWName, 0.005)]
    public void A_schedule_free_optimizer_learns_with_a_constant_policy(string name, double lr)
    {
        var result = new Trainer(Small(name, lr), Synthetic).Train();
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(result.Final!.Metrics.Top1 > 0.9, $"top-1 {result.Final.Metrics.Top1}");
    }

    [Fact]
    public void The_run_is_evaluated_and_saved_at_the_average_and_trains_at_y()
    {
        var options = Small(OptimizerFactory.ScheduleFreeSgdName, 0.2) with { CheckpointDirectory = Path.Combine(_dir, "run") };
        var task = LRBench.Training.Tasks.ImageClassificationTask.Create(options.Model, Synthetic); // ours, kept after the run
        var trainer = new Trainer(task, options);
        var result = trainer.Train();

        // The checkpoint holds x and an optimizer in eval mode; train() moves the parameters to y, which differs.
        var model = trainer.Task.Model();
        model.load(Path.Combine(options.CheckpointDirectory, "checkpoint", "model.bin"));
        var x = model.parameters().Select(p => p.detach().clone()).ToList();
        using var optimizer = OptimizerFactory.Create(options.Optimizer, model.parameters(), 0.2);
        optimizer.load_state_dict(Path.Combine(options.CheckpointDirectory, "checkpoint", "optimizer.bin"));
        var scheduleFree = Assert.IsType<ScheduleFreeSgd>(optimizer);
        Assert.False(scheduleFree.IsTraining);

        // The final evaluation is the saved model's: the run was evaluated at x.
        var atX = trainer.Task.Objective.Evaluate(model, trainer.Task.Evaluation, options.EvaluationBatchSize, CPU).Metrics;
        Assert.Equal(result.Final!.Metrics, atX);

        scheduleFree.train();
        Assert.Contains(model.parameters().Zip(x), pair => !pair.First.detach().equal(pair.Second).all().item<bool>());
    }

    [Fact]
    public void A_model_with_batch_norm_is_evaluated_with_statistics_recomputed_at_the_average()
    {
        // A ResNet's running statistics are measured at y while it trains; at x they must be measured again (the
        // authors' README: run training batches through the model at x before evaluating).
        var options = Small(OptimizerFactory.ScheduleFreeSgdName, 0.2) with { Model = "resnet8", Budget = Duration.Steps(40), EvaluateEvery = Duration.Steps(40), CheckpointDirectory = Path.Combine(_dir, "bn") };
        var task = LRBench.Training.Tasks.ImageClassificationTask.Create(options.Model, Synthetic);
        var trainer = new Trainer(task, options);
        var result = trainer.Train();
        Assert.Equal(RunStatus.Completed, result.Status);

        // The checkpoint holds x with the statistics of y (the trainer puts them back after evaluating).
        var model = trainer.Task.Model();
        model.load(Path.Combine(options.CheckpointDirectory, "checkpoint", "model.bin"));
        var withStatisticsOfY = trainer.Task.Objective.Evaluate(model, trainer.Task.Evaluation, options.EvaluationBatchSize, CPU).Metrics;
        Assert.NotEqual(result.Final!.Metrics.Loss, withStatisticsOfY.Loss);

        // Recomputed by hand: the plain average over the first 50 training batches in index order, then evaluated.
        var norms = model.modules().OfType<LRBench.Training.Models.SafeBatchNorm2d>().ToList();
        Assert.NotEmpty(norms);
        foreach (var n in norms) n.StartRecompute();
        model.train();
        using (var noGrad = no_grad())
        {
            for (int b = 0; b < Math.Min(Trainer.BatchNormRecomputeBatches, 2000 / 50); b++)
                model.forward(trainer.Task.Train.Get(tensor(Enumerable.Range(b * 50, 50).Select(i => (long)i).ToArray()), CPU).Input);
        }

        var recomputed = trainer.Task.Objective.Evaluate(model, trainer.Task.Evaluation, options.EvaluationBatchSize, CPU).Metrics;
        Assert.Equal(result.Final.Metrics, recomputed);
    }

    [Fact]
    public void Batch_norm_recompute_averages_the_batches_statistics_and_restores_the_old_ones()
    {
        using var norm = new LRBench.Training.Models.SafeBatchNorm2d(3);
        norm.to(ScalarType.Float64);
        norm.train();
        manual_seed(1);
        using (var noGrad = no_grad()) norm.forward(randn(4, 3, 5, 5, ScalarType.Float64).Times(3)); // some statistics of "y"
        var before = norm.CopyStatistics();
        norm.StartRecompute();
        var batches = Enumerable.Range(0, 3).Select(i => randn(6, 3, 4, 4, ScalarType.Float64).Times(i + 1).Plus(i)).ToList();
        using (var noGrad = no_grad())
        {
            foreach (var b in batches) norm.forward(b);
        }

        var (mean, variance) = norm.CopyStatistics();
        // Closed form: the plain average of each batch's per-channel mean and unbiased variance.
        var expectedMean = stack(batches.Select(b => b.mean([0, 2, 3])).ToArray()).mean([0]);
        var expectedVariance = stack(batches.Select(b => b.var([0, 2, 3])).ToArray()).mean([0]);
        Assert.True(mean.allclose(expectedMean, 1e-12, 1e-12));
        Assert.True(variance.allclose(expectedVariance, 1e-12, 1e-12));

        norm.RestoreStatistics(before);
        var after = norm.CopyStatistics();
        Assert.True(after.Mean.allclose(before.Mean, 0, 0) && after.Variance.allclose(before.Variance, 0, 0));
        using (var noGrad = no_grad()) norm.forward(batches[0]); // back to momentum 0.1: not the batch's statistics
        Assert.False(norm.CopyStatistics().Mean.allclose(batches[0].mean([0, 2, 3]), 1e-6, 1e-6));
    }

    [Theory]
    [InlineData(OptimizerFactory.ScheduleFreeSgdName, 0.2)]
    [InlineData(OptimizerFactory.ScheduleFreeAdamWName, 0.005)]
    public void An_interrupted_run_resumes_exactly(string name, double lr)
    {
        var reference = new Trainer(Small(name, lr), Synthetic).Train();
        var options = Small(name, lr) with { CheckpointDirectory = Path.Combine(_dir, name), CheckpointEvery = Duration.Steps(10) };
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(options, Synthetic).Train(new CancelAt(57, cancel), resume: false, cancel.Token);
        Assert.Equal(RunStatus.Interrupted, first.Status);

        var resumed = new Trainer(options, Synthetic).Train(resume: true);
        Assert.Equal(reference.Steps, resumed.Steps);
        Assert.Equal(reference.Evaluations.Select(e => (e.Step, e.Metrics, e.TrainLoss)), resumed.Evaluations.Select(e => (e.Step, e.Metrics, e.TrainLoss)));
    }

    [Fact]
    public void Schedule_free_settings_belong_to_the_schedule_free_optimizers()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Small("sgd", 0.1), Synthetic));
        Assert.Contains("warmup_steps, r and weight_lr_power belong to sgd-schedule-free and adamw-schedule-free", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new Trainer(Small(OptimizerFactory.ScheduleFreeAdamWName, 0.1) with { Optimizer = new OptimizerOptions { Name = OptimizerFactory.ScheduleFreeAdamWName, Beta1 = 0 } }, Synthetic));
        Assert.Contains("beta1 must be between 0 and 1 (exclusive) for adamw-schedule-free", e.Message, StringComparison.Ordinal);
    }
}
