using System.Text.RegularExpressions;
using LRBench.Cli.Dashboard;
using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;

namespace LRBench.Cli.Tests;

/// <summary>
/// The dashboard in Debian's Chromium, driven by Playwright: a running trial's curve gains points and its status turns
/// to completed without a reload; a label holding a script tag shows as text and runs nothing. And over HTTP against a
/// PostgreSQL store: the pages list the study and never show the store's password.
/// </summary>
public sealed class DashboardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Text = """
        name: dash-study
        task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 40ba, evaluate_every: 10ba}
        policies:
          - "FIX(k0=0.05)"
          - {spec: "FIX(k0=0.01)", label: "<script>alert(1)</script>"}
        """;

    /// <summary>Holds the training thread at each evaluation (after it is in the store) until the test lets it go on.</summary>
    private sealed class Gate : IStudyObserver
    {
        public SemaphoreSlim Reached { get; } = new(0);
        public SemaphoreSlim Go { get; } = new(0);
        public volatile bool Open;

        public void OnTrialEvaluation(TrialClaim claim, EvaluationPoint point)
        {
            if (Open) return;
            Reached.Release();
            Go.Wait(TimeSpan.FromMinutes(5));
        }
    }

    internal static async Task<(WebApplication App, string Url)> Serve(StudyStore store)
    {
        var app = DashboardServer.Build(store, "http://127.0.0.1:0", DashboardServer.AllowedHosts("127.0.0.1", []));
        await app.StartAsync();
        return (app, app.Urls.Single());
    }

    /// <summary>Chromium as this machine has it: Playwright cannot download browsers here.</summary>
    internal static Task<IBrowser> Chromium(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    [Fact]
    public async Task A_running_trials_curve_gains_points_and_turns_completed_without_a_reload()
    {
        string db = Path.Combine(_dir, "dash.db");
        var study = StudyParser.Parse(Text, Path.Combine(_dir, "dash.yaml"));
        var gate = new Gate();
        using var runStore = StudyStore.Open($"sqlite:{db}");
        var runner = new StudyRunner(runStore, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "out"), Parallel = 1, ThreadsPerTrial = 1 });
        var run = Task.Run(() => runner.SubmitAndRun(study, Text, gate));
        Assert.True(await gate.Reached.WaitAsync(TimeSpan.FromMinutes(3)), "the first evaluation never came");

        using var store = StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}"));
        var (app, url) = await Serve(store);
        await using var _ = app;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium(playwright);
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, d) => dialogs.Add(d.Message);
        await page.GotoAsync(url + "/study/1");
        await page.EvaluateAsync("() => { window.loadedOnce = true; }"); // gone if the page reloads

        var row = page.Locator("#trials tr[data-trial='1']");
        Assert.Equal("running", await row.GetAttributeAsync("data-status"));
        Assert.Equal("1", await row.GetAttributeAsync("data-points"));

        // One more evaluation: the curve gains a point without a reload (the page polls its live part).
        gate.Go.Release();
        Assert.True(await gate.Reached.WaitAsync(TimeSpan.FromMinutes(3)));
        await page.Locator("#trials tr[data-trial='1'][data-points='2']").WaitForAsync(new() { Timeout = 30_000 });
        // ... and so does its curve in the interactive chart (series 1 is trial 1).
        await page.WaitForFunctionAsync("() => window.lrbench?.charts?.score?.u?.data[1].filter((v) => v != null).length === 2", null, new() { Timeout = 30_000 });
        // It came with a poll that held only what changed (the running trial), not the whole study.
        Assert.True(await page.EvaluateAsync<bool>("() => window.lrbench.lastPoll.full === false && window.lrbench.lastPoll.trials <= 1"));

        // The page as it looks mid-run (LRBENCH_SCREENSHOTS=docs/images makes the README's picture).
        string screenshots = Environment.GetEnvironmentVariable("LRBENCH_SCREENSHOTS") ?? _dir;
        Directory.CreateDirectory(screenshots);
        await page.SetViewportSizeAsync(1400, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "dashboard-study.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(screenshots, "dashboard-study.png")).Length > 10_000);

        // Let both trials finish: the first turns completed, still without a reload.
        gate.Open = true;
        gate.Go.Release();
        var summary = await run.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(2, summary.Finished);
        await page.Locator("#trials tr[data-trial='1'][data-status='completed'][data-points='4']").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("#trials tr[data-trial='2'][data-status='completed']").WaitForAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "the page reloaded");

        // The label with a script tag is text: shown as written in the table and in the charts' legends, and nothing ran.
        await page.ReloadAsync();
        Assert.True(await page.GetByText("<script>alert(1)</script>").First.IsVisibleAsync());
        await page.Locator("#chart-score .u-legend").GetByText("<script>alert(1)</script>", new() { Exact = false }).First.WaitForAsync();
        // ... and in the timeline's tooltip.
        await page.WaitForFunctionAsync("() => window.lrbench?.charts?.timeline?.shapes().length === 2");
        await page.Locator("#timeline").ScrollIntoViewIfNeededAsync();
        double[] bar = await page.EvaluateAsync<double[]>(
            "() => { const s = window.lrbench.charts.timeline.shapes().find((s) => s.text.startsWith('<script>')); const r = document.querySelector('#timeline canvas').getBoundingClientRect(); return [r.left + (s.x0 + s.x1) / 2, r.top + (s.y0 + s.y1) / 2]; }");
        await page.Mouse.MoveAsync((float)bar[0], (float)bar[1]);
        await page.Locator("#timeline .lrb-tip").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.StartsWith("<script>alert(1)</script> s0: completed", await page.Locator("#timeline .lrb-tip").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#timeline .lrb-tip *").CountAsync()); // text, no elements
        // ... and in the search views' tooltips (the two trials are one policy, FIX, over two values of k0: a search).
        await page.WaitForFunctionAsync("() => window.lrbench?.charts?.search?.shapes('slice-0').length === 2", null, new() { Timeout = 30_000 });
        await page.Locator("#chart-slice-0").ScrollIntoViewIfNeededAsync();
        double[] dot = await page.EvaluateAsync<double[]>(
            "() => { const s = window.lrbench.charts.search.shapes('slice-0').find((s) => s.text.startsWith('<script>')); const r = document.querySelector('#chart-slice-0 canvas').getBoundingClientRect(); return [r.left + (s.x0 + s.x1) / 2, r.top + (s.y0 + s.y1) / 2]; }");
        await page.Mouse.MoveAsync((float)dot[0], (float)dot[1]);
        await page.Locator("#chart-slice-0 .lrb-tip").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.StartsWith("<script>alert(1)</script> s0: k0 = 0.01", await page.Locator("#chart-slice-0 .lrb-tip").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#chart-slice-0 .lrb-tip *").CountAsync());
        Assert.Empty(dialogs);
        // The page's own scripts only: the bundled chart library and chart script from /assets/, and the page's inline one.
        string[] scripts = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? '')");
        string version = "?v=" + LRBench.Reporting.WebAssets.Version;
        Assert.Equal(new[] { "/assets/uplot.min.js" + version, "/assets/canvas-charts.js" + version, "/assets/charts.js" + version, "" }, scripts);
        // Linked with the assets' version, a browser may keep them for good (the address changes with their content);
        // asked for without it, they are checked again each time.
        var kept = await page.APIRequest.GetAsync(url + "/assets/charts.js" + version);
        Assert.Equal("public, max-age=31536000, immutable", kept.Headers["cache-control"]);
        Assert.Equal("no-cache", (await page.APIRequest.GetAsync(url + "/assets/charts.js")).Headers["cache-control"]);
        var response = await page.ReloadAsync();
        Assert.Contains("script-src 'nonce-", response!.Headers["content-security-policy"], StringComparison.Ordinal);

        // The same study's report.html, drawn offline from the data inlined in the file: the label is text there too,
        // in the ranking, the trial table and the legends, and nothing ran; the file holds only its own inline scripts.
        string reportDir = Path.Combine(_dir, "report");
        var (code, output, err) = Cli.Run("study", "report", "dash-study", "--store", $"sqlite:{db}", "--out", reportDir);
        Assert.True(code == 0, err + output);
        await page.GotoAsync(new Uri(Path.Combine(reportDir, "report.html")).AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.lrbench?.charts?.score?.u != null", null, new() { Timeout = 30_000 });
        Assert.Equal(1, await page.Locator("#trials td", new() { HasTextString = "<script>alert(1)</script>" }).CountAsync());
        await page.Locator("#chart-score .u-legend").GetByText("<script>alert(1)</script>", new() { Exact = false }).First.WaitForAsync();
        Assert.True(await page.GetByText("<script>alert(1)</script>").First.IsVisibleAsync());
        Assert.Empty(dialogs);
        string[] inline = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('script')].map((s) => (s.getAttribute('src') ?? '') + '|' + (s.type || 'js'))");
        Assert.Equal(new[] { "|application/json", "|js", "|js", "|js", "|js" }, inline);

    }

    [Fact]
    public async Task Over_postgresql_the_pages_list_the_study_and_never_show_the_password()
    {
        using var postgres = new LRBench.Studies.Tests.PostgresServer();
        string connection = postgres.NewDatabase();
        string database = Regex.Match(connection, "Database=([^;]+)").Groups[1].Value;
        string port = Regex.Match(connection, "Port=([^;]+)").Groups[1].Value;
        const string password = "s3cret-w0rd";
        string location = $"postgresql://postgres:{password}@127.0.0.1:{port}/{database}";
        var study = StudyParser.Parse(Text, Path.Combine(_dir, "dash.yaml"));
        using (var runStore = StudyStore.Open(location))
            new StudyRunner(runStore, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "pg-out"), Parallel = 1, ThreadsPerTrial = 1 }).SubmitAndRun(study, Text);

        using var store = StudyStore.OpenReadOnly(StoreLocation.Parse(location));
        var (app, url) = await Serve(store);
        await using var _ = app;
        using var http = new HttpClient();
        foreach (string path in new[] { "/", "/study/1", "/study/1/ranking", "/trial/1", "/api/studies/1/trials", "/api/studies/1/curves", "/api/studies/1/curves?since=0", "/api/studies/1/curves?trials=1,2", "/api/studies/1/lr?trials=1,2", "/api/studies/1/timeline", "/api/trials/1/trace" })
        {
            string body = await http.GetStringAsync(url + path);
            Assert.DoesNotContain(password, body, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
        }

        Assert.Contains("dash-study", await http.GetStringAsync(url + "/"), StringComparison.Ordinal);
        // The trials' JSON: each trial's evaluations counted and its best top-1, as the store holds them.
        using (var trials = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url + "/api/studies/1/trials")))
        {
            var evaluations = store.Results.Evaluations(1);
            Assert.Equal(2, trials.RootElement.GetArrayLength());
            foreach (var t in trials.RootElement.EnumerateArray())
            {
                var mine = evaluations.Where(e => e.TrialId == t.GetProperty("id").GetInt64()).ToList();
                Assert.Equal("completed", t.GetProperty("status").GetString());
                Assert.Equal(mine.Count, t.GetProperty("points").GetInt32());
                Assert.Equal(mine.Max(e => e.Top1), t.GetProperty("bestTop1").GetDouble());
            }
        }

        // Some trials' curves: the study's ones asked for, with their points; a bad list, too long a list, or both
        // parameters at once are refused.
        using (var some = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url + "/api/studies/1/curves?trials=2,99")))
        {
            var only = Assert.Single(some.RootElement.GetProperty("trials").EnumerateArray());
            Assert.Equal(2, only.GetProperty("id").GetInt64());
            Assert.Equal(only.GetProperty("evaluated").GetInt32(), only.GetProperty("steps").GetArrayLength());
            Assert.False(some.RootElement.GetProperty("full").GetBoolean());
        }

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/curves?trials=1,x")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/curves?trials=" + string.Join(',', Enumerable.Range(1, 501)))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/curves?trials=1&since=0")).StatusCode);
        // The curves poll: a cursor from the first answer; nothing changed since, so no trial; a cursor that is not a number is refused.
        using (var first = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url + "/api/studies/1/curves")))
        {
            Assert.Equal(2, first.RootElement.GetProperty("trials").GetArrayLength());
            long cursor = first.RootElement.GetProperty("cursor").GetInt64();
            using var again = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url + $"/api/studies/1/curves?since={cursor}"));
            Assert.Equal(0, again.RootElement.GetProperty("trials").GetArrayLength());
            Assert.False(again.RootElement.GetProperty("full").GetBoolean());
        }

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/curves?since=1;DROP")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/curves?since=-1")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/lr?trials=1,x")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(url + "/api/studies/1/lr?trials=" + string.Join(',', Enumerable.Range(1, 51)))).StatusCode);
        Assert.Contains("\"lr\":[", await http.GetStringAsync(url + "/api/studies/1/lr?trials=1,99"), StringComparison.Ordinal); // trial 99 is not the study's: left out
        var post = await http.PostAsync(url + "/study/1", new StringContent(""));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, post.StatusCode); // nothing writes
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(url + "/study/99")).StatusCode);
    }

    [Fact]
    public async Task The_13_function_studys_page_fits_a_1400_pixel_window()
    {
        // The committed 13-function store: long specs as policy names and every ranking column, which once pushed the
        // ranking table past the window's right edge with its last column cut off.
        string db = Path.Combine(_dir, "13.db");
        File.Copy(Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies", "fmnist-lenet5-13-functions.db"), db);
        using var store = StudyStore.Open($"sqlite:{db}");
        var (app, url) = await Serve(store);
        await using var _ = app;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(url + "/study/1");
        // The trial table and the ranking arrive after the page (fetched and drawn by its script).
        await page.Locator("#trials tr[data-trial]").First.WaitForAsync();
        await page.Locator("#ranking").WaitForAsync();
        int width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        string widest = await page.EvaluateAsync<string>(
            "() => [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth).slice(0, 3).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width)).join('; ')");
        Assert.True(width <= 1400, $"the page is {width} pixels wide in a 1400-pixel window; past its edge: {widest}");
        // Every table stays inside the page's width, its last column included.
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('table')].every(t => t.getBoundingClientRect().right <= window.innerWidth)"));
    }

    [Fact]
    public async Task A_study_with_a_range_test_shows_its_plot_and_values()
    {
        const string text = """
            name: dash-range
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 20ba, evaluate_every: 10ba}
            range_test: {steps: 20}
            policies: ["TRI2(k0=$k0, k1=$k1, l=5ba)"]
            """;
        string db = Path.Combine(_dir, "range.db");
        var study = StudyParser.Parse(text, Path.Combine(_dir, "range.yaml"));
        using (var runStore = StudyStore.Open($"sqlite:{db}"))
            new StudyRunner(runStore, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "range-out"), Parallel = 1, ThreadsPerTrial = 1 }).SubmitAndRun(study, text);

        using var store = StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}"));
        var stored = store.Results.RangeTest(1);
        Assert.NotNull(stored);
        Assert.Equal(20, stored.LearningRates.Count);
        var (app, url) = await Serve(store);
        await using var _ = app;
        using var http = new HttpClient();
        string page = await http.GetStringAsync(url + "/study/1");
        Assert.Contains("<h2>Range test</h2>", page, StringComparison.Ordinal);
        Assert.Contains("$k0 = ", page, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"LR range test\"", page, StringComparison.Ordinal); // the interactive chart's data

        // Drawn with uPlot like the study's other charts: a log LR axis, loss and smoothed loss over the 20 steps (the
        // blow-up at the end left out), a line per suggestion; hovering shows the loss at that LR.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium(playwright);
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await tab.GotoAsync(url + "/study/1");
        await tab.WaitForFunctionAsync("() => window.lrbench?.charts?.['range-test']?.u != null", null, new() { Timeout = 30_000 });
        Assert.Equal(3, await tab.EvaluateAsync<int>("() => window.lrbench.charts['range-test'].u.series.length"));
        Assert.Equal(3, await tab.EvaluateAsync<int>("() => window.lrbench.charts['range-test'].u.scales.x.distr"));
        Assert.Equal(stored.Suggestions.Count(s => s.LearningRate > 0), await tab.EvaluateAsync<int>("() => window.lrbench.charts['range-test'].spec().vlines.length"));
        int drawn = await tab.EvaluateAsync<int>("() => window.lrbench.charts['range-test'].u.data[0].length");
        Assert.InRange(drawn, 2, 20);
        double lr = stored.LearningRates[1], loss = stored.Losses[1];
        await tab.Locator("#range-test").ScrollIntoViewIfNeededAsync();
        var at = await tab.EvaluateAsync<double[]>(
            $"() => {{ const u = window.lrbench.charts['range-test'].u; const r = u.over.getBoundingClientRect(); return [r.left + u.valToPos({lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, 'x'), r.top + u.valToPos({loss.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, 'y')]; }}");
        await tab.Mouse.MoveAsync((float)at[0] - 10, (float)at[1]);
        await tab.Mouse.MoveAsync((float)at[0], (float)at[1], new() { Steps = 3 });
        await tab.WaitForFunctionAsync("() => document.querySelectorAll('#range-test .u-legend tr.u-series')[1].querySelector('.u-value').textContent !== '–'", null, new() { Timeout = 10_000 });
        Assert.Equal(loss.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), await tab.Locator("#range-test .u-legend tr.u-series").Nth(1).Locator(".u-value").InnerTextAsync());
    }

    [Fact]
    public async Task A_suite_run_into_the_store_has_a_page_scored_from_the_store_alone_and_damage_to_it_is_named()
    {
        string suite = Path.Combine(_dir, "tiny.yaml");
        File.WriteAllText(suite, """
            name: tiny
            seeds: [0, 1]
            workloads:
              - {name: small, task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 40ba, evaluate_every: 10ba}}
              - {name: large, task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 40ba, evaluate_every: 10ba}, target: 0.5}
            policies: ["FIX(k0=0.05)", "FIX(k0=0.001)"]
            """);
        string db = Path.Combine(_dir, "tiny.db");
        var (code, output, err) = Cli.Run("suite", "run", suite, "--store", "sqlite:" + db, "--out", Path.Combine(_dir, "tiny-runs"), "--threads", "1");
        Assert.True(code == 0, err + output);
        File.Delete(suite); // the page needs only the store

        using var store = StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}"));
        var record = Assert.Single(store.Results.Suites());
        Assert.Equal([("small", "tiny.small", (double?)null), ("large", "tiny.large", 0.5)], record.Workloads.Select(w => (w.Name, w.Study, w.Target)));
        var (app, url) = await Serve(store);
        await using var _ = app;
        using var http = new HttpClient();
        string home = await http.GetStringAsync(url + "/");
        Assert.Contains("<a href=\"/suite/1\">tiny</a>", home, StringComparison.Ordinal);
        string page = await http.GetStringAsync(url + "/suite/1");
        Assert.Contains("Friedman test over 2 complete workloads and 2 policies", page, StringComparison.Ordinal);
        Assert.Contains("<script type=\"application/json\" id=\"lrb-profiles\">", page, StringComparison.Ordinal);
        Assert.Contains("CD = ", page, StringComparison.Ordinal); // the critical-difference diagram's SVG
        Assert.Contains("<a href=\"/study/1\">small</a>", page, StringComparison.Ordinal);
        Assert.Contains("FIX(k0=0.001)", page, StringComparison.Ordinal);
        // The performance profiles drawn with uPlot: one line per policy on each (steps, and seconds).
        using (var playwright = await Playwright.CreateAsync())
        {
            await using var browser = await Chromium(playwright);
            var tab = await browser.NewPageAsync();
            await tab.GotoAsync(url + "/suite/1");
            await tab.WaitForFunctionAsync("() => window.lrbench?.charts?.['profile-seconds']?.u != null", null, new() { Timeout = 30_000 });
            Assert.Equal(3, await tab.EvaluateAsync<int>("() => window.lrbench.charts['profile-steps'].u.series.length"));
            Assert.Equal(3, await tab.EvaluateAsync<int>("() => window.lrbench.charts['profile-seconds'].u.series.length"));
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(url + "/suite/2")).StatusCode);

        // A suite record another program changed is named as the store's damage; the server stays up and the file is unchanged.
        SqliteFile.Execute(db, "UPDATE suites SET definition = '{\"Workloads\": [{\"Name\": \"small\", \"Study\": \"other.small\", \"StudyText\": \"x\"}], \"Policies\": [\"FIX(k0=1)\"], \"TargetOfBest\": 0.9, \"TauMax\": 4}'");
        string before = SqliteFile.Query(db, "SELECT definition FROM suites");
        var damaged = await http.GetAsync(url + "/suite/1");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, damaged.StatusCode);
        Assert.Contains("is damaged: suite 1&#39;s workload &#39;small&#39; does not name its study tiny.WORKLOAD", await damaged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync(url + "/")).StatusCode);
        Assert.Equal(before, SqliteFile.Query(db, "SELECT definition FROM suites"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(url + "/study/1")).StatusCode);
    }

    [Theory]
    [InlineData("--port", "0", "--port must be between 1 and 65535")]
    [InlineData("--host", "example.org", "--host must be an IP address")]
    public void Bad_dashboard_options_exit_2(string option, string value, string mentions)
    {
        string db = Path.Combine(_dir, "empty.db");
        using (StudyStore.Open($"sqlite:{db}"))
        {
        }

        var (code, _, err) = Cli.Run("dashboard", "--store", $"sqlite:{db}", option, value);
        Cli.AssertBadInput(code, err, mentions);
    }

    [Fact]
    public void A_missing_store_is_bad_input_and_is_not_created()
    {
        string db = Path.Combine(_dir, "nowhere.db");
        var (code, _, err) = Cli.Run("dashboard", "--store", $"sqlite:{db}");
        Cli.AssertBadInput(code, err);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Only_the_hosts_it_was_started_for_are_answered_and_HEAD_is_a_GET_without_a_body()
    {
        string db = Path.Combine(_dir, "hosts.db");
        using (StudyStore.Open($"sqlite:{db}"))
        {
        }

        using var store = StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}"));
        var app = DashboardServer.Build(store, "http://127.0.0.1:0", DashboardServer.AllowedHosts("127.0.0.1", ["lab-3.example.org"]));
        await app.StartAsync();
        await using var _ = app;
        string url = app.Urls.Single();
        using var http = new HttpClient();

        async Task<(System.Net.HttpStatusCode Status, string Body, long? Length)> Send(HttpMethod method, string? host)
        {
            using var request = new HttpRequestMessage(method, url + "/");
            if (host is not null) request.Headers.Host = host;
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentLength);
        }

        // A DNS-rebinding page reaches 127.0.0.1 under its own name: refused, and nothing of the store in the answer.
        foreach (string foreign in new[] { "evil.example.com", "evil.example.com:80", "127.0.0.1.evil.example.com", "localhost.evil" })
        {
            var (status, body, _) = await Send(HttpMethod.Get, foreign);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
            Assert.DoesNotContain("LRBench", body, StringComparison.Ordinal);
        }

        foreach (string own in new[] { "127.0.0.1", new Uri(url).Authority, "localhost:1234", "[::1]", "lab-3.example.org", "LAB-3.example.org:8080" })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await Send(HttpMethod.Get, own)).Status);

        var head = await Send(HttpMethod.Head, null);
        Assert.Equal(System.Net.HttpStatusCode.OK, head.Status);
        Assert.Equal("", head.Body);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, (await Send(HttpMethod.Post, null)).Status);
    }

    [Fact]
    public void A_port_in_use_or_an_address_this_machine_lacks_is_refused_before_the_address_is_announced()
    {
        string db = Path.Combine(_dir, "busy.db");
        using (StudyStore.Open($"sqlite:{db}"))
        {
        }

        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var (code, output, err) = Cli.Run("dashboard", "--store", $"sqlite:{db}", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Cli.AssertBadInput(code, err, "cannot listen on");
            Assert.DoesNotContain("Dashboard of", output, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }

        var (foreignCode, foreignOut, foreignErr) = Cli.Run("dashboard", "--store", $"sqlite:{db}", "--host", "192.0.2.1", "--port", "18080");
        Cli.AssertBadInput(foreignCode, foreignErr, "cannot listen on");
        Assert.DoesNotContain("Dashboard of", foreignOut, StringComparison.Ordinal);
        var (nameCode, _, nameErr) = Cli.Run("dashboard", "--store", $"sqlite:{db}", "--allowed-host", "evil.com/x");
        Cli.AssertBadInput(nameCode, nameErr, "--allowed-host takes a host name");
    }
}
