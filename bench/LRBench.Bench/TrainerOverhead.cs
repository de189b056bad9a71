using System.Diagnostics;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using TorchSharp;
using LRBench.Training.Settings;
using static TorchSharp.torch;

namespace LRBench.Bench;

/// <summary>
/// Samples per second of the trainer against the plainest TorchSharp loop over the same model, data, batch size and
/// optimizer: one epoch of each, alternated, repeated; evaluation is timed separately. Both sides use 2 threads.
/// </summary>
internal static class TrainerOverhead
{
    private const int Batch = 128;

    public static int Report(int rounds)
    {
        torch.set_num_threads(2);
        var data = DataCatalogue.Load(new DataOptions { Dataset = "fashion-mnist" });
        var trainerOptions = new TrainingOptions
        {
            Model = "lenet5",
            Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse("FIX(k0=0.01)"),
            Budget = LRBench.Schedules.Duration.Epochs(1),
            BatchSize = Batch,
            EvaluateEvery = LRBench.Schedules.Duration.Epochs(1),
            Threads = 2,
        };

        var bare = new List<double>();
        var trainer = new List<double>();
        var evaluation = new List<double>();
        Bare(data); // warm-up: native kernels, JIT
        for (int r = 0; r < rounds; r++)
        {
            bare.Add(Bare(data));
            var result = new Trainer(trainerOptions with { Seed = r }, data).Train();
            trainer.Add(data.Train.Count / result.ComputeSeconds);
            evaluation.Add(result.Final!.EvaluationSeconds);
            Console.Error.WriteLine($"round {r + 1}: bare {bare[^1]:F0} samples/s, trainer {trainer[^1]:F0} samples/s (wall {result.WallSeconds:F2} s, eval {evaluation[^1]:F2} s)");
        }

        double b = Median(bare), t = Median(trainer);
        // The machine's speed drifts (a shared VM): compare each trainer epoch with the bare epoch run just before it.
        var overheads = bare.Zip(trainer, (x, y) => (x / y) - 1).ToList();
        Console.WriteLine($"# Trainer vs bare TorchSharp loop: LeNet-5, Fashion-MNIST 60,000 images, batch {Batch}, SGD Nesterov, 2 threads, median of {rounds} alternated epochs");
        Console.WriteLine();
        Console.WriteLine("| loop | samples/s (training steps only) |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| bare TorchSharp loop | {b:F0} |");
        Console.WriteLine($"| LRBench trainer | {t:F0} |");
        Console.WriteLine();
        Console.WriteLine($"Trainer overhead (time per sample, trainer / bare - 1), per round: {string.Join(", ", overheads.Select(o => $"{o * 100:+0.0;-0.0}%"))}; median {Median(overheads) * 100:+0.0;-0.0}%.");
        Console.WriteLine($"Evaluation of the 10,000 test images (all metrics): median {Median(evaluation):F2} s, reported apart from training.");
        return 0;
    }

    /// <summary>One epoch of the loop a user would write by hand: shuffle, slice, forward, loss, backward, step.</summary>
    private static double Bare(DataBundle data)
    {
        torch.manual_seed(1);
        using var model = ModelZoo.Create("lenet5", data.Shape, data.Classes);
        using var optimizer = new Sgd(model.parameters(), new SgdOptions { LearningRate = 0.01, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 });
        using var x = tensor(data.Train.Pixels, [data.Train.Count, data.Shape.Channels, data.Shape.Height, data.Shape.Width]);
        using var y = tensor(data.Train.Labels.Select(l => (long)l).ToArray());
        using var order = randperm(data.Train.Count);
        model.train();
        var sw = Stopwatch.StartNew();
        for (long start = 0; start < data.Train.Count; start += Batch)
        {
            using var scope = NewDisposeScope();
            long size = Math.Min(Batch, data.Train.Count - start);
            var index = order.narrow(0, start, size);
            var loss = nn.functional.cross_entropy(model.forward(x.index_select(0, index)), y.index_select(0, index));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        return data.Train.Count / sw.Elapsed.TotalSeconds;
    }

    internal static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
