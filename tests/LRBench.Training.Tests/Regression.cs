using LRBench.Schedules;
using LRBench.Training.Tasks;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Tests;

/// <summary>A small regression task for tests: an MLP fitting y = sin(3 x1) + x2² / 2 on seeded points in [-1, 1]².</summary>
internal sealed class Regression : IDisposable
{
    private readonly TensorBatchSource _train;
    private readonly TensorBatchSource _evaluation;

    private Regression(TensorBatchSource train, TensorBatchSource evaluation, TrainingTask task)
    {
        _train = train;
        _evaluation = evaluation;
        Task = task;
    }

    public TrainingTask Task { get; }

    public static Regression Create(long seed, int trainCount = 400, int evaluationCount = 200)
    {
        var train = Points(seed, "train", trainCount);
        var evaluation = Points(seed, "validation", evaluationCount);
        var task = new TrainingTask
        {
            Name = "sine-regression",
            Model = () => Sequential(Linear(2, 32), Tanh(), Linear(32, 1)),
            Train = train,
            Evaluation = evaluation,
            Objective = new LossObjective((output, target) => functional.mse_loss(output, target), new TaskMetric("r2", RSquared, HigherIsBetter: true)),
        };
        return new Regression(train, evaluation, task);
    }

    /// <summary>R² of one batch: 1 - SSE / SST around the batch's mean.</summary>
    private static double RSquared(Tensor output, Tensor target)
    {
        float[] o = output.cpu().contiguous().data<float>().ToArray(), t = target.cpu().contiguous().data<float>().ToArray();
        double mean = t.Average(v => (double)v);
        double sse = o.Zip(t, (a, b) => (double)(a - b) * (a - b)).Sum();
        double sst = t.Sum(v => (v - mean) * (v - mean));
        return sst > 0 ? 1 - (sse / sst) : 0;
    }

    private static TensorBatchSource Points(long seed, string purpose, int count)
    {
        var x = new float[count * 2];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            var rng = SeededRandom.For(seed, purpose, i);
            float a = (float)((2 * rng.NextDouble()) - 1), b = (float)((2 * rng.NextDouble()) - 1);
            x[2 * i] = a;
            x[(2 * i) + 1] = b;
            y[i] = MathF.Sin(3 * a) + (b * b / 2);
        }

        return new TensorBatchSource(tensor(x, [count, 2]), tensor(y, [count, 1]));
    }

    public void Dispose()
    {
        _train.Inputs.Dispose();
        _train.Targets.Dispose();
        _evaluation.Inputs.Dispose();
        _evaluation.Targets.Dispose();
        _train.Dispose();
        _evaluation.Dispose();
    }
}
