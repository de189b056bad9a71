using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LRBench.Training.Data;

namespace LRBench.Bench;

/// <summary>
/// How `lrbench dashboard` scales with a study's size: synthetic SQLite stores (and databases on a PostgreSQL server
/// started here) of N finished trials with 50
/// evaluations and a 500-point LR trace each; for each store, each given lrbench build serves it and the study page,
/// its live part (what the page polls every 1.5 s) and one trial's page are fetched 11 times (the first dropped as
/// warm-up): median and p95 latency, and bytes per response. Builds that have the charts' data endpoint (schema 14)
/// also get its first read (every trial) and its poll with the cursor of that read (what the charts fetch every
/// 1.5 s; nothing changed in between, so it is the poll's fixed cost). Builds whose first read of a large study is an
/// overview (its JSON has curveLimit) also get the read of the table's second page of curves (`?trials=` with the ids
/// of trials 101 to 200), what the page asks for when a user pages. Last, the study page in Chromium until drawn
/// (<see cref="BrowserLoad"/>, 5 loads). Builds are compared in one run, on one machine.
/// </summary>
internal static class DashboardScale
{
    private const int Evaluations = SyntheticStudyFiller.Evaluations;
    private const int TracePoints = SyntheticStudyFiller.TracePoints;

    /// <summary><c>dashboard N[,N...] LRBENCH...</c>: trial counts, then the lrbench executables to compare.</summary>
    public static int Report(string sizes, IEnumerable<string> builds)
    {
        var counts = sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var executables = builds.ToList();
        var data = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });
        string dir = Directory.CreateTempSubdirectory("lrbench-dashboard-bench-").FullName;
        Console.WriteLine($"# Dashboard: latency (ms, median / p95 of 10) and bytes per response; {Evaluations} evaluations and {TracePoints} trace points per trial");
        Console.WriteLine();
        Console.WriteLine("| store | trials | build | study page | bytes | ranking, cached (or the table's poll, older builds) | bytes | trial page | bytes | curves, first read | bytes | curves poll | bytes | a page of curves | bytes | study page in Chromium, until drawn |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        try
        {
            using var pg = LRBench.Studies.Tests.PostgresServer.Durable();
            foreach (int n in counts)
            {
                string sqlite = Path.Combine(dir, $"d{n}.db");
                string postgres = pg.NewDatabase();
                foreach (var (kind, location, connect) in new (string, string, Func<System.Data.Common.DbConnection>)[]
                {
                    ("SQLite", "sqlite:" + sqlite, () => new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlite};Pooling=False")),
                    ("PostgreSQL", "postgresql://postgres@127.0.0.1:" + pg.Port.ToString(CultureInfo.InvariantCulture) + "/" + new Npgsql.NpgsqlConnectionStringBuilder(postgres).Database, () => new Npgsql.NpgsqlConnection(postgres)),
                })
                {
                    var build = Stopwatch.StartNew();
                    SyntheticStudyFiller.Fill(location, connect, n, data);
                    Console.Error.WriteLine($"{kind}: {n} trials written in {build.Elapsed.TotalSeconds:F0} s");
                    foreach (string exe in executables)
                    {
                        var (page, live, trial, curves, poll, paged, browser) = Measure(exe, location);
                        string Cell(Timing? t) => t is null ? "- | -" : $"{t.Median:F0} / {t.P95:F0} | {t.Bytes:N0}";
                        Console.WriteLine($"| {kind} | {n:N0} | {exe} | {Cell(page)} | {Cell(live)} | {Cell(trial)} | {Cell(curves)} | {Cell(poll)} | {Cell(paged)} | {(browser is { } b ? $"{b.Median:F0} / {b.P95:F0}" : "-")} |");
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

    private static (Timing Page, Timing Live, Timing Trial, Timing? Curves, Timing? Poll, Timing? Paged, (double Median, double P95)? Browser) Measure(string exe, string store)
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
                    var home = Stopwatch.StartNew();
                    if (http.GetAsync("/").Result.IsSuccessStatusCode)
                    {
                        // The index page's first answer ranks every study (newer builds then keep the ranking).
                        Console.Error.WriteLine($"{exe} {store}: the index page's first request (ranks the study) took {home.Elapsed.TotalMilliseconds:F0} ms");
                        break;
                    }
                }
                catch (AggregateException) when (sw.Elapsed < TimeSpan.FromMinutes(2))
                {
                }
            }

            // Builds before the ranking endpoint polled the trial table's HTML (/live); later ones draw the table from the
            // curves' JSON and fetch the ranking, computed once per change (the index page's first answer above
            // computed it): the timed requests are the cached answer.
            var page = Time(http, "/study/1");
            string table = http.GetAsync("/study/1/ranking").Result.IsSuccessStatusCode ? "/study/1/ranking" : "/study/1/live";
            var (live, trial) = (Time(http, table), Time(http, "/trial/1"));
            var browser = BrowserLoad.Time(http.BaseAddress + "study/1");
            if (!http.GetAsync("/api/studies/1/curves").Result.IsSuccessStatusCode) return (page, live, trial, null, null, null, browser);
            var curves = Time(http, "/api/studies/1/curves");
            using var first = System.Text.Json.JsonDocument.Parse(http.GetStringAsync("/api/studies/1/curves").Result);
            long cursor = first.RootElement.GetProperty("cursor").GetInt64();
            var poll = Time(http, $"/api/studies/1/curves?since={cursor.ToString(CultureInfo.InvariantCulture)}");
            if (!first.RootElement.TryGetProperty("curveLimit", out _)) return (page, live, trial, curves, poll, null, browser);
            string second = string.Join(',', first.RootElement.GetProperty("trials").EnumerateArray().Skip(100).Take(100).Select(t => t.GetProperty("id").GetInt64()));
            return (page, live, trial, curves, poll, Time(http, "/api/studies/1/curves?trials=" + second), browser);
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
}
