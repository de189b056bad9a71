using System.Diagnostics;
using LRBench.Studies.Definition;
using LRBench.Schedules.Specs;
using LRBench.Studies.Storage;
using LRBench.Studies.Tests;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Optimization;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Settings;

namespace LRBench.Bench;

/// <summary>
/// What the study store costs a trial, on SQLite (a file in /tmp) and on PostgreSQL (a local server started here,
/// fsync on): one claim, one heartbeat and one result write (20 evaluations and a 2,000-point LR trace, the size a
/// study trial writes), each timed alone; then 1, 2 and 4 workers draining the same queue of trials at once (claim,
/// heartbeat, write; no training), with a check that no trial was handed out twice.
/// </summary>
internal static class StoreOverhead
{
    public static int Report(int trials)
    {
        var data = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });
        Console.WriteLine($"# Study store: cost per trial ({trials} trials per run; result = 20 evaluations + 2000 trace points)");
        Console.WriteLine();
        Console.WriteLine("| store | claim ms | heartbeat ms | write result ms | 1 worker trials/s | 2 workers trials/s | 4 workers trials/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        string sqliteDir = Directory.CreateTempSubdirectory("lrbench-store-bench-").FullName;
        try
        {
            Row("SQLite", n => "sqlite:" + Path.Combine(sqliteDir, $"s{n}.db"), trials, data);
            using var pg = PostgresServer.Durable();
            Row("PostgreSQL 15", _ => "postgresql://postgres@127.0.0.1:" + pg.Port + "/" + new Npgsql.NpgsqlConnectionStringBuilder(pg.NewDatabase()).Database, trials, data);
        }
        finally
        {
            Directory.Delete(sqliteDir, recursive: true);
        }

        return 0;
    }

    private static void Row(string name, Func<int, string> location, int trials, DataBundle data)
    {
        var claims = new List<double>();
        var beats = new List<double>();
        var writes = new List<double>();
        using (var store = Fresh(location(0), trials, data, out long study))
        {
            for (int i = 0; i < trials; i++)
            {
                var sw = Stopwatch.StartNew();
                var claim = store.Queue.Claim(study, "bench:1:a", TimeSpan.FromSeconds(60))!;
                claims.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                store.Queue.Heartbeat(claim, TimeSpan.FromSeconds(60));
                beats.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                store.Queue.Finish(claim, Result, "bench", "bench");
                writes.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        var rates = new List<double>();
        foreach (int workers in new[] { 1, 2, 4 })
        {
            using var store = Fresh(location(workers), trials, data, out long study);
            var sw = Stopwatch.StartNew();
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                while (store.Queue.Claim(study, $"bench:{w}:w", TimeSpan.FromSeconds(60)) is { } claim)
                {
                    store.Queue.Heartbeat(claim, TimeSpan.FromSeconds(60));
                    store.Queue.Finish(claim, Result, "bench", "bench");
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            rates.Add(trials / sw.Elapsed.TotalSeconds);
            var rows = store.Results.Trials(study);
            if (rows.Any(t => t.Status != TrialStatus.Completed || t.Attempts != 1))
                throw new InvalidOperationException($"{name}, {workers} workers: a trial was not finished exactly once");
        }

        Console.WriteLine($"| {name} | {TrainerOverhead.Median(claims):F2} | {TrainerOverhead.Median(beats):F2} | {TrainerOverhead.Median(writes):F2} | {rates[0]:F0} | {rates[1]:F0} | {rates[2]:F0} |");
    }

    /// <summary>A store at <paramref name="location"/> with one study of <paramref name="trials"/> queued trials (a tiny synthetic task).</summary>
    internal static StudyStore Fresh(string location, int trials, out long study) =>
        Fresh(location, trials, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }), out study);

    private static StudyStore Fresh(string location, int trials, DataBundle data, out long study)
    {
        var store = StudyStore.Open(location);
        var task = new TaskDefinition { Data = new DataOptions { Dataset = "synthetic" }, Model = "mlp:8", Optimizer = new OptimizerOptions() };
        var definition = new StudyDefinition
        {
            Name = "bench",
            Task = task,
            Policies = [.. Enumerable.Range(0, trials).Select(i => new PolicyVariant($"FIX {i}", "FIX", PolicySpec.Parse($"FIX(k0={0.001 * (i + 1)})"), new Dictionary<string, string>(), 0))],
        };
        study = store.Queue.Register(definition, "bench", LRBench.Training.Tasks.ImageClassificationTask.Create(task.Model, data), definition.Trials()).Id;
        return store;
    }

    private static readonly TrainingResult Result = new()
    {
        Plan = new TrainingPlan("synthetic", "mlp:8", 100, 1000, 500, "test", 50, 20, 2000, 100, 0, "FIX(k0=0.01)"),
        Status = RunStatus.Completed,
        Steps = 2000,
        Evaluations = [.. Enumerable.Range(1, 20).Select(i => new EvaluationPoint
        {
            Step = i * 100,
            Epoch = i * 5,
            LearningRate = 0.01,
            Metrics = new ClassificationMetrics(500, 0.9, 0.99, 0.8, 0.1, 0.05, 0.3),
            TrainLoss = 0.25,
            BestTop1 = 0.9,
            BestTop1Step = 100,
        })],
        Trace = [.. Enumerable.Range(0, 2000).Select(i => new TracePoint(i, 0.01, 0.3))],
        WallSeconds = 10,
        ComputeSeconds = 9,
    };
}
