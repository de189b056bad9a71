using System.Diagnostics;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;

namespace LRBench.Bench;

/// <summary>Resident memory at every epoch of a long LeNet-5 run: dispose scopes must keep it flat.</summary>
internal static class MemoryGrowth
{
    public static int Report(int epochs)
    {
        var data = DataCatalogue.Load(new DataOptions { Dataset = "fashion-mnist" });
        var options = new TrainingOptions
        {
            Model = "lenet5",
            Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse($"warmup_cosine(peak_lr=0.05, warmup=1ep)"),
            Budget = LRBench.Schedules.Duration.Epochs(epochs),
            BatchSize = 128,
            Threads = 2,
        };
        var observer = new RssObserver();
        var result = new Trainer(options, data).Train(observer);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"# Resident memory over {epochs} epochs: LeNet-5, Fashion-MNIST, batch 128, evaluation every epoch");
        Console.WriteLine();
        Console.WriteLine("| epoch | top-1 | RSS (MiB) |");
        Console.WriteLine("|---:|---:|---:|");
        foreach (var (epoch, top1, rss) in observer.Samples)
            Console.WriteLine($"| {epoch:F0} | {top1 * 100:F2} | {rss / 1048576.0:F0} |");
        Console.WriteLine();
        var first = observer.Samples[0].Rss;
        var last = observer.Samples[^1].Rss;
        Console.WriteLine($"Peak RSS {self.PeakWorkingSet64 / 1048576.0:F0} MiB; RSS after epoch 1 {first / 1048576.0:F0} MiB, after epoch {epochs} {last / 1048576.0:F0} MiB ({(last - first) / 1048576.0:+0;-0} MiB); {result.Steps} steps in {result.WallSeconds:F0} s.");
        return 0;
    }

    private sealed class RssObserver : ITrainingObserver
    {
        public List<(double Epoch, double Top1, long Rss)> Samples { get; } = [];

        public void OnEvaluation(EvaluationPoint point)
        {
            using var self = Process.GetCurrentProcess();
            Samples.Add((point.Epoch, point.Metrics.Top1, self.WorkingSet64));
        }
    }
}
