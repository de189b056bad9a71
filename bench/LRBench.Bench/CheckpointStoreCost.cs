using System.Diagnostics;
using LRBench.Schedules;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using TorchSharp;

namespace LRBench.Bench;

/// <summary>
/// What <c>--checkpoints store</c> costs a trial (issue 32): LeNet-5 and ResNet-20 on Fashion-MNIST (batch 128, SGD
/// with momentum, 2 threads) train with a checkpoint after every step; at each one, the checkpoint folder the trainer
/// just wrote is packed (<see cref="CheckpointArchive.Pack"/>) and saved as a running trial's checkpoint
/// (<see cref="TrialQueue.SaveCheckpoint"/>) in a SQLite file and in a PostgreSQL server with fsync on, exactly what
/// the study runner does, each timed alone. The trainer's own folder checkpoint is the time from a step's end
/// (<see cref="ITrainingObserver.OnStep"/>) to <see cref="ITrainingObserver.OnCheckpoint"/>, the last step (which
/// also evaluates) left out. A first run of the same steps without checkpoints gives the time of a step (training
/// only), hence the share of a trial's time a store checkpoint costs at a given interval.
/// </summary>
internal static class CheckpointStoreCost
{
    private const int Batch = 128;

    public static int Report(int steps)
    {
        torch.set_num_threads(2);
        Console.WriteLine($"# Checkpoints in the store: cost per checkpoint ({steps} checkpoints per model, one after every step; median)");
        Console.WriteLine();
        Console.WriteLine("| model | stored bytes | pack ms | SQLite write ms | PostgreSQL write ms | folder checkpoint ms | step ms | store share, checkpoint every epoch (469 steps) | every 100 steps |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        string dir = Directory.CreateTempSubdirectory("lrbench-checkpoint-bench-").FullName;
        try
        {
            using var pg = PostgresServer.Durable();
            string pgLocation = "postgresql://postgres@127.0.0.1:" + pg.Port + "/" + new Npgsql.NpgsqlConnectionStringBuilder(pg.NewDatabase()).Database;
            using var sqlite = StoreOverhead.Fresh("sqlite:" + Path.Combine(dir, "bench.db"), 2, out long sqliteStudy);
            using var postgres = StoreOverhead.Fresh(pgLocation, 2, out long pgStudy);
            var claims = new[] { (sqlite, sqlite.Queue.Claim(sqliteStudy, "bench:1:a", TimeSpan.FromHours(1))!), (postgres, postgres.Queue.Claim(pgStudy, "bench:1:a", TimeSpan.FromHours(1))!) };
            var data = DataCatalogue.Load(new DataOptions { Dataset = "fashion-mnist", TrainLimit = Batch * (steps + 2), EvaluationLimit = 200 });
            foreach (string model in new[] { "lenet5", "resnet20" })
                Row(model, data, steps, Path.Combine(dir, model), claims);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static void Row(string model, DataBundle data, int steps, string folder, (StudyStore Store, TrialClaim Claim)[] stores)
    {
        var options = new TrainingOptions
        {
            Model = model,
            Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse("FIX(k0=0.01)"),
            Budget = Duration.Steps(steps),
            BatchSize = Batch,
            EvaluateEvery = Duration.Steps(steps),
            Threads = 2,
        };

        // Without checkpoints first (also warms the native kernels), then with one after every step.
        var plain = new Trainer(options, data).Train();
        var timing = new StoreTiming(stores);
        var sw = Stopwatch.StartNew();
        _ = new Trainer(options with { CheckpointDirectory = folder, CheckpointEvery = Duration.Steps(1) }, data).Train(timing);
        double stepMs = plain.ComputeSeconds * 1000 / steps;
        double folderMs = TrainerOverhead.Median(timing.Folder);
        double storeMs = TrainerOverhead.Median(timing.Pack) + TrainerOverhead.Median(timing.Writes[1]); // PostgreSQL, the store of a cluster
        string Share(int every) => $"{storeMs / (storeMs + (every * stepMs)) * 100:F2} %";
        Console.WriteLine($"| {model} | {timing.Bytes:N0} | {TrainerOverhead.Median(timing.Pack):F1} | {TrainerOverhead.Median(timing.Writes[0]):F1} | {TrainerOverhead.Median(timing.Writes[1]):F1} | {folderMs:F1} | {stepMs:F1} | {Share(469)} | {Share(100)} |");
        Console.Error.WriteLine($"{model}: {steps} steps, {sw.Elapsed.TotalSeconds:F1} s with checkpoints; pack p95 {Percentile(timing.Pack, 0.95):F1} ms, SQLite p95 {Percentile(timing.Writes[0], 0.95):F1} ms, PostgreSQL p95 {Percentile(timing.Writes[1], 0.95):F1} ms");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>Does at each checkpoint what the study runner does with store checkpoints, once per store, timed.</summary>
    private sealed class StoreTiming((StudyStore Store, TrialClaim Claim)[] stores) : ITrainingObserver
    {
        public List<double> Pack { get; } = [];

        public List<double>[] Writes { get; } = [.. stores.Select(_ => new List<double>())];

        public long Bytes { get; private set; }

        public List<double> Folder { get; } = [];

        private long _stepEnded;
        private long _totalSteps;

        public void OnStart(TrainingPlan plan) => _totalSteps = plan.TotalSteps;

        public void OnStep(StepProgress progress) => _stepEnded = Stopwatch.GetTimestamp();

        public void OnCheckpoint(long step, string directory)
        {
            if (step < _totalSteps) Folder.Add(Stopwatch.GetElapsedTime(_stepEnded).TotalMilliseconds);
            var sw = Stopwatch.StartNew();
            byte[] archive = CheckpointArchive.Pack(directory);
            Pack.Add(sw.Elapsed.TotalMilliseconds);
            Bytes = archive.LongLength;
            for (int i = 0; i < stores.Length; i++)
            {
                sw.Restart();
                if (!stores[i].Store.Queue.SaveCheckpoint(stores[i].Claim, step, archive))
                    throw new InvalidOperationException("the bench's claim was lost");
                Writes[i].Add(sw.Elapsed.TotalMilliseconds);
            }
        }
    }
}
