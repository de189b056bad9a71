using LRBench.Studies.Storage;
using LRBench.Studies.Tradeoff;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Cli.Tests;

/// <summary>`lrbench tradeoff` end to end on a tiny task: every curve trained, stored, compared and plotted.</summary>
public sealed class TradeoffCliTests : IDisposable
{
    private const string Tiny = """
        name: tiny-tradeoff
        task: {dataset: synthetic, model: "mlp:16", batch_size: 50, checkpoint_every: 20ba, optimizer: {name: sgd, momentum: 0.9, nesterov: true, weight_decay: 5e-4}}
        seeds: [0]
        methods: [{name: baseline}, {name: ls, label_smoothing: 0.1}]
        tradeoff:
          peak_lr: 0.1
          warmup: 10ba
          first_period: 10ba
          points: 3
          curves: [cyclic, standard, decaying, fork]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-tradeoff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_tiny_tradeoff_trains_every_curve_stores_it_and_reports_it_again_without_training()
    {
        string file = Path.Combine(_dir, "tiny-tradeoff.yaml");
        File.WriteAllText(file, Tiny);
        var (code, output, err) = Cli.Run("tradeoff", file, "--parallel", "2");
        Assert.True(code == 0, err + output);
        Assert.Contains("18 of 18 trials finished", output, StringComparison.Ordinal); // per method: cyclic, decaying, trunk, 3 standard, 3 forks
        Assert.Contains("cyclic - standard: mean ", output, StringComparison.Ordinal);
        Assert.Contains("predicted 1.75x", output, StringComparison.Ordinal); // (2^3 - 1) / (1 x 2^2)

        string runs = Path.Combine(_dir, "tiny-tradeoff-runs");
        foreach (string chart in new[] { "tradeoff-accuracy", "tradeoff-gaps", "snapshot-ensembles", "pareto-seconds", "pareto-epochs" })
        {
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(runs, chart + ".png"))[..4]);
            Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", File.ReadAllText(Path.Combine(runs, chart + ".svg")), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(runs, "one-run-curves.png")));
        string html = File.ReadAllText(Path.Combine(runs, "tradeoff.html"));
        // The dashboard's tradeoff section in the one layout: every chart as inline data for the inlined chart script
        // (drawn in Chromium below), the tables, one stylesheet.
        Assert.Equal(Directory.GetFiles(runs, "*.svg").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(), ChartIds(html));
        Assert.Contains("Pareto frontier by seconds", html, StringComparison.Ordinal);
        Assert.Contains("pareto-epochs.svg", html, StringComparison.Ordinal);
        Assert.Contains(".lrb-grid", html, StringComparison.Ordinal); // lrbench.css, inlined
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);

        using (var store = StudyStore.Open("sqlite:" + Path.Combine(_dir, "tiny-tradeoff.db")))
        {
            long id = store.Results.FindStudy("tiny-tradeoff")!.Id;
            var trials = store.Results.Trials(id);
            var roles = trials.Where(t => t.Curve is not null).ToDictionary(t => t.Id, t => t.Curve!);
            Assert.Equal(trials.Count, roles.Count); // every trial of a tradeoff study has its curve stored
            Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            // Forks continued their trunk from the fork point; everything else started from scratch.
            Assert.All(trials, t => Assert.Equal(roles[t.Id].StartFromStep, t.StartedFromStep));
            Assert.Equal(6, trials.Count(t => t.StartedFromStep is not null));

            // The first cycle of the cyclic run is the shortest standard run, step for step: same accuracy exactly.
            var evals = store.Results.Evaluations(id);
            foreach (string method in new[] { "baseline", "ls" })
            {
                var cyclic = trials.Single(t => t.Method == method && roles[t.Id].Curve == CurveKind.Cyclic);
                var shortest = trials.Single(t => t.Method == method && roles[t.Id].Curve == CurveKind.Standard && roles[t.Id].Point == 0);
                long end = roles[shortest.Id].BudgetSteps;
                Assert.Equal(evals.Single(e => e.TrialId == shortest.Id && e.Step == end).Top1, evals.Single(e => e.TrialId == cyclic.Id && e.Step == end).Top1);
            }

            // Ensembles at the 2nd and 3rd cycle ends of each one-run curve: M = 2; M = 2 and 3.
            var ensembles = store.Results.Ensembles(id);
            Assert.Equal(4 * 3, ensembles.Count);
            Assert.All(ensembles, e => Assert.Contains(roles[e.TrialId].Curve, new[] { CurveKind.Cyclic, CurveKind.Decaying }));
        }

        // The curves are rebuilt from the store alone, to the same tables.
        var (again, rebuilt, _) = Cli.Run("tradeoff", file, "--no-train", "--out", Path.Combine(_dir, "again"));
        Assert.Equal(0, again);
        Assert.Equal(File.ReadAllText(Path.Combine(runs, "tradeoff.md")), File.ReadAllText(Path.Combine(_dir, "again", "tradeoff.md")));
        Assert.Contains("### Pareto frontier by seconds", rebuilt, StringComparison.Ordinal);

        var (rank, _, rankErr) = Cli.Run("study", "rank", file);
        Assert.Equal(2, rank);
        Assert.Contains("is a tradeoff study", rankErr, StringComparison.Ordinal);

        // Running it again trains nothing.
        var (rerun, rerunOut, _) = Cli.Run("tradeoff", file);
        Assert.Equal(0, rerun);
        Assert.Contains("18 of 18 trials already finished", rerunOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_shows_a_tradeoff_studys_curves_gaps_and_frontiers()
    {
        string file = Path.Combine(_dir, "tiny-tradeoff.yaml");
        File.WriteAllText(file, Tiny);
        Assert.Equal(0, Cli.Run("tradeoff", file).Code);
        using var store = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + Path.Combine(_dir, "tiny-tradeoff.db")));
        var app = LRBench.Cli.Dashboard.DashboardServer.Build(store, "http://127.0.0.1:0", LRBench.Cli.Dashboard.DashboardServer.AllowedHosts("127.0.0.1", []));
        await app.StartAsync();
        await using var _ = app;
        using var http = new HttpClient();
        string page = await http.GetStringAsync(app.Urls.Single() + "/study/1");
        Assert.Contains("Tradeoff curves, gaps and Pareto frontiers", page, StringComparison.Ordinal);
        Assert.Contains("Pareto frontier by seconds", page, StringComparison.Ordinal);
        // Every chart the report wrote as SVG is in the page as an interactive chart's data: the request writes no file.
        var svgFiles = Directory.GetFiles(_dir, "*.svg", SearchOption.AllDirectories).Select(f => Path.GetFileNameWithoutExtension(f)!).Order().ToList();
        var before = Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().ToList();
        Assert.True(svgFiles.Count >= 4, $"{svgFiles.Count} SVG charts written by the report");
        Assert.Equal(svgFiles, ChartIds(page));
        string again = await http.GetStringAsync(app.Urls.Single() + "/study/1");
        Assert.Equal(before, Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().ToList());
        Assert.Contains("Pareto frontier by seconds", again, StringComparison.Ordinal);

        // Drawn with uPlot in Chromium, on the dashboard and in tradeoff.html opened from disk with nothing else reachable.
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await DashboardTests.Chromium(playwright);
        var tab = await browser.NewPageAsync();
        foreach (string url in new[] { app.Urls.Single() + "/study/1", new Uri(Path.Combine(_dir, "tiny-tradeoff-runs", "tradeoff.html")).AbsoluteUri })
        {
            await tab.GotoAsync(url);
            await tab.WaitForFunctionAsync("() => window.lrbench?.charts?.['pareto-epochs']?.u != null", null, new() { Timeout = 30_000 });
            Assert.Equal(svgFiles, (await tab.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#tradeoff-charts > div')].map((d) => d.id.slice(6))")).Order());
            // The frontier's chart: all points as dots and the frontier as a line, on a log axis of epochs.
            Assert.Equal(3, await tab.EvaluateAsync<int>("() => window.lrbench.charts['pareto-epochs'].u.series.length"));
            Assert.Equal(3, await tab.EvaluateAsync<int>("() => window.lrbench.charts['pareto-epochs'].u.scales.x.distr"));
        }
    }

    /// <summary>The ids of the interactive charts whose data a page holds (its lrb-tradeoff element), in order.</summary>
    private static List<string> ChartIds(string page)
    {
        var data = System.Text.RegularExpressions.Regex.Match(page, "<script type=\"application/json\" id=\"lrb-tradeoff\">(.*?)</script>");
        Assert.True(data.Success, "no tradeoff chart data in the page");
        using var json = System.Text.Json.JsonDocument.Parse(data.Groups[1].Value);
        return [.. json.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order()];
    }

    [Fact]
    public void Tradeoff_refuses_a_policy_study_and_a_study_never_run()
    {
        string policyStudy = Path.Combine(_dir, "p.yaml");
        File.WriteAllText(policyStudy, "name: p\ntask: {dataset: synthetic, model: \"mlp:8\"}\npolicies: [\"FIX(k0=0.1)\"]\n");
        var (code, _, err) = Cli.Run("tradeoff", policyStudy);
        Assert.Equal(2, code);
        Assert.Contains("not a tradeoff study", err, StringComparison.Ordinal);

        string file = Path.Combine(_dir, "tiny-tradeoff.yaml");
        File.WriteAllText(file, Tiny);
        var (zero, _, zeroErr) = Cli.Run("tradeoff", file, "--parallel", "0");
        Assert.Equal(2, zero);
        Assert.Contains("(--parallel) must be 1 to 256, got 0", zeroErr, StringComparison.Ordinal);

        var (noStore, _, noStoreErr) = Cli.Run("tradeoff", file, "--no-train");
        Assert.Equal(2, noStore);
        Assert.Contains("no store at", noStoreErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "tiny-tradeoff.db")), "a read-only command created a store");
    }
}
