using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Optimization;

namespace LRBench.Bench;

/// <summary>
/// How `lrbench dashboard` scales with a study's size: synthetic SQLite stores (and databases on a PostgreSQL server
/// started here) of N finished trials with 50
/// evaluations and a 500-point LR trace each; for each store, each given lrbench build serves it and the study page,
/// its live part (what the page polls every 1.5 s) and one trial's page are fetched 11 times (the first dropped as
/// warm-up): median and p95 latency, and bytes per response. Builds are compared in one run, on one machine.
/// </summary>
internal static class DashboardScale
{
    private const int Evaluations = 50;
    private const int TracePoints = 500;

    /// <summary><c>dashboard N[,N...] LRBENCH...</c>: trial counts, then the lrbench executables to compare.</summary>
    public static int Report(string sizes, IEnumerable<string> builds)
    {
        var counts = sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var executables = builds.ToList();
        var data = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });
        string dir = Directory.CreateTempSubdirectory("lrbench-dashboard-bench-").FullName;
        Console.WriteLine($"# Dashboard: latency (ms, median / p95 of 10) and bytes per response; {Evaluations} evaluations and {TracePoints} trace points per trial");
        Console.WriteLine();
        Console.WriteLine("| store | trials | build | study page | bytes | live poll | bytes | trial page | bytes |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        try
        {
            using var pg = LRBench.Studies.Tests.PostgresServer.Durable();
            foreach (int n in counts)
            {
                foreach (var (kind, location) in new[] { ("SQLite", "sqlite:" + Path.Combine(dir, $"d{n}.db")), ("PostgreSQL", "postgresql://postgres@127.0.0.1:" + pg.Port.ToString(CultureInfo.InvariantCulture) + "/" + new Npgsql.NpgsqlConnectionStringBuilder(pg.NewDatabase()).Database) })
                {
                    var build = Stopwatch.StartNew();
                    Fill(location, n, data);
                    Console.Error.WriteLine($"{kind}: {n} trials written in {build.Elapsed.TotalSeconds:F0} s");
                    foreach (string exe in executables)
                    {
                        var (page, live, trial) = Measure(exe, location);
                        Console.WriteLine($"| {kind} | {n:N0} | {exe} | {page.Median:F0} / {page.P95:F0} | {page.Bytes:N0} | {live.Median:F0} / {live.P95:F0} | {live.Bytes:N0} | {trial.Median:F0} / {trial.P95:F0} | {trial.Bytes:N0} |");
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private sealed record Timing(double Median, double P95, long Bytes);

    private static (Timing Page, Timing Live, Timing Trial) Measure(string exe, string store)
    {
        int port = FreePort();
        using var server = Process.Start(new ProcessStartInfo(exe, ["dashboard", "--store", store, "--port", port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            // Ready when the home page answers (derived from the server, not a fixed sleep).
            for (var sw = Stopwatch.StartNew(); ; Thread.Sleep(100))
            {
                try
                {
                    if (http.GetAsync("/").Result.IsSuccessStatusCode) break;
                }
                catch (AggregateException) when (sw.Elapsed < TimeSpan.FromMinutes(2))
                {
                }
            }

            return (Time(http, "/study/1"), Time(http, "/study/1/live"), Time(http, "/trial/1"));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private static Timing Time(HttpClient http, string path)
    {
        var ms = new List<double>();
        long bytes = 0;
        for (int i = 0; i < 11; i++)
        {
            var sw = Stopwatch.StartNew();
            var body = http.GetByteArrayAsync(path).Result;
            if (i > 0) ms.Add(sw.Elapsed.TotalMilliseconds);
            bytes = body.Length;
        }

        ms.Sort();
        return new Timing(ms[ms.Count / 2], ms[(int)Math.Ceiling(0.95 * ms.Count) - 1], bytes);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A study of <paramref name="trials"/> finished trials written through the store's own API.</summary>
    private static void Fill(string location, int trials, DataBundle data)
    {
        using var store = StudyStore.Open(location);
        var task = new TaskDefinition { Data = new DataOptions { Dataset = "synthetic" }, Model = "mlp:8", Optimizer = new OptimizerOptions() };
        var definition = new StudyDefinition
        {
            Name = "scale",
            Task = task,
            Policies = [.. Enumerable.Range(0, trials).Select(i => new PolicyVariant($"FIX {i}", "FIX", PolicySpec.Parse($"FIX(k0={0.0001 * (i + 1)})"), new Dictionary<string, string>(), 0))],
        };
        long study = store.Queue.Register(definition, "scale", LRBench.Training.Tasks.ImageClassificationTask.Create(task.Model, data), definition.Trials()).Id;
        var rng = new Random(0);
        while (store.Queue.Claim(study, "bench:1:a", TimeSpan.FromSeconds(60)) is { } claim)
        {
            double top = 0.5 + (0.4 * rng.NextDouble());
            store.Queue.Finish(claim, Result(top), "bench", "bench");
        }
    }

    private static TrainingResult Result(double top) => new()
    {
        Plan = new TrainingPlan("synthetic", "mlp:8", 100, 1000, 500, "test", 50, 20, 1000, 20, 0, "FIX(k0=0.01)"),
        Status = RunStatus.Completed,
        Steps = 1000,
        Evaluations = [.. Enumerable.Range(1, Evaluations).Select(i => new EvaluationPoint
        {
            Step = i * 20,
            Epoch = i,
            LearningRate = 0.01,
            Metrics = new ClassificationMetrics(500, top * i / Evaluations, 0.99, 0.8, 0.1, 0.05, 1.0 / i),
            TrainLoss = 1.0 / i,
            BestTop1 = top * i / Evaluations,
            BestTop1Step = i * 20,
        })],
        Trace = [.. Enumerable.Range(0, TracePoints).Select(i => new TracePoint(i * 2, 0.01, 0.3))],
        WallSeconds = 10,
        ComputeSeconds = 9,
    };
}
