using System.Globalization;
using System.Text.Json;
using LRBench.Studies.Storage;
using Microsoft.Playwright;

namespace LRBench.Cli.Tests;

/// <summary>
/// The dashboard's interactive charts in Debian's Chromium, on a committed store of real trials with early stops
/// (promotion-based ASHA on the 13-function study, bench/studies/asha/promotion-fair-1ep-s0.db: 39 trials, 34 pruned
/// at two rungs): hovering a point shows its value, clicking a legend entry hides its series, pruned trials are marked
/// and the rungs drawn, the log scale and zoom work, ticked trials are compared, and no request leaves 127.0.0.1.
/// </summary>
public sealed class DashboardChartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-charts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(IPage Page, string Url, List<string> Requests, Func<ValueTask> Close)> Open(string path)
    {
        string db = Path.Combine(_dir, "asha.db");
        File.Copy(Path.Combine(RepositoryFiles.RepoRoot, "bench", "studies", "asha", "promotion-fair-1ep-s0.db"), db);
        return await Browse(StudyStore.Open($"sqlite:{db}"), path);
    }

    /// <summary>The dashboard on <paramref name="store"/> in Chromium at <paramref name="path"/>; close() disposes all, the store too.</summary>
    private static async Task<(IPage Page, string Url, List<string> Requests, Func<ValueTask> Close)> Browse(StudyStore store, string path)
    {
        var (app, url) = await DashboardTests.Serve(store);
        var playwright = await Playwright.CreateAsync();
        var browser = await DashboardTests.Chromium(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var requests = new List<string>();
        page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
        await page.GotoAsync(url + path);
        return (page, url, requests, async () =>
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            await app.DisposeAsync();
            store.Dispose();
        });
    }

    private static Task WaitForChart(IPage page, string id) =>
        page.WaitForFunctionAsync($"() => window.lrbench?.charts?.['{id}']?.u != null", null, new() { Timeout = 30_000 });

    [Fact]
    public async Task Hovering_a_point_shows_its_value_and_clicking_a_legend_entry_hides_its_series()
    {
        var (page, url, requests, close) = await Open("/study/1");
        try
        {
            await WaitForChart(page, "score");
            await page.Locator("#chart-score").ScrollIntoViewIfNeededAsync();
            // Series 1 is the store's first trial with evaluations; its second point, read from the store's JSON.
            using var json = JsonDocument.Parse(await page.EvaluateAsync<string>("() => fetch('/api/studies/1/curves').then((r) => r.text())"));
            var first = json.RootElement.GetProperty("trials")[0];
            long step = first.GetProperty("steps")[1].GetInt64();
            double value = first.GetProperty("score")[1].GetDouble();

            var box = await page.EvaluateAsync<double[]>(
                $"() => {{ const u = window.lrbench.charts.score.u; const r = u.over.getBoundingClientRect(); return [r.left + u.valToPos({step}, 'x'), r.top + u.valToPos({value.ToString("R", CultureInfo.InvariantCulture)}, 'y')]; }}");
            await page.Mouse.MoveAsync((float)box[0] - 20, (float)box[1]);
            await page.Mouse.MoveAsync((float)box[0], (float)box[1], new() { Steps = 4 });
            // uPlot updates its legend on the next animation frame.
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#chart-score .u-legend tr.u-series')[1].querySelector('.u-value').textContent !== '–'", null, new() { Timeout = 10_000 });
            string shown = await page.Locator("#chart-score .u-legend tr.u-series").Nth(1).Locator(".u-value").InnerTextAsync();
            Assert.Equal(value.ToString("0.##", CultureInfo.InvariantCulture), shown);
            Assert.Equal(step.ToString(CultureInfo.InvariantCulture), await page.Locator("#chart-score .u-legend tr.u-series").Nth(0).Locator(".u-value").InnerTextAsync());

            // Click its legend entry: the series is hidden (and drawn again on a second click).
            var entry = page.Locator("#chart-score .u-legend tr.u-series").Nth(1);
            await entry.Locator("th").ClickAsync();
            Assert.False(await page.EvaluateAsync<bool>("() => window.lrbench.charts.score.u.series[1].show"));
            Assert.Contains("u-off", await entry.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            await entry.Locator("th").ClickAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.lrbench.charts.score.u.series[1].show"));

            // Every request went to the dashboard itself.
            lock (requests) Assert.All(requests, r => Assert.StartsWith(url + "/", r, StringComparison.Ordinal));
        }
        finally
        {
            await close();
        }
    }

    [Fact]
    public async Task The_timeline_puts_every_started_trial_on_its_machine_and_hovering_a_bar_names_its_trial()
    {
        var (page, _, requests, close) = await Open("/study/1");
        try
        {
            await page.WaitForFunctionAsync("() => window.lrbench?.charts?.timeline != null", null, new() { Timeout = 30_000 });
            // The page drew it from the curves' first read (one read of the trials for both), without asking /timeline ...
            lock (requests) Assert.DoesNotContain(requests, r => r.Contains("/timeline", StringComparison.Ordinal));
            // ... whose timeline is the endpoint's, and which a poll's answer (?since=) leaves out.
            string[] answers = await page.EvaluateAsync<string[]>("""
                async () => {
                  const first = await (await fetch('/api/studies/1/curves')).json();
                  const own = await (await fetch('/api/studies/1/timeline')).json();
                  const poll = await (await fetch(`/api/studies/1/curves?since=${first.cursor}`)).json();
                  return [JSON.stringify([first.timeline.trials, first.timeline.failures]), JSON.stringify([own.trials, own.failures]), String('timeline' in poll)];
                }
                """);
            Assert.Equal(answers[1], answers[0]);
            Assert.Equal("false", answers[2]);
            await page.Locator("#timeline").ScrollIntoViewIfNeededAsync();
            // All 39 trials ran (one at a time, on one machine) and none failed: 39 bars, and trial 6 took 3 attempts.
            string[] texts = await page.EvaluateAsync<string[]>("() => window.lrbench.charts.timeline.shapes().map((s) => s.text)");
            Assert.Equal(39, texts.Length);
            Assert.Contains(texts, t => t.StartsWith("TRI(k0=0.0003, k1=0.046, l=0.5ep) s1: completed, attempt 3", StringComparison.Ordinal));
            // Hover the middle of the last bar: the tooltip names its trial.
            double[] at = await page.EvaluateAsync<double[]>(
                "() => { const s = window.lrbench.charts.timeline.shapes().at(-1); const r = document.querySelector('#timeline canvas').getBoundingClientRect(); return [r.left + (s.x0 + s.x1) / 2, r.top + (s.y0 + s.y1) / 2]; }");
            await page.Mouse.MoveAsync((float)at[0], (float)at[1]);
            var tip = page.Locator("#timeline .lrb-tip");
            await tip.WaitForAsync(new() { State = WaitForSelectorState.Visible });
            Assert.Equal(texts[^1], await tip.InnerTextAsync());
        }
        finally
        {
            await close();
        }
    }

    [Fact]
    public async Task A_grid_search_has_parallel_coordinates_and_slice_plots_of_its_parameters()
    {
        const string grid = """
            name: grid-study
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 20ba, evaluate_every: 10ba}
            policies:
              - policy: TRI
                grid: {k0: [0.001, 0.01], k1: [0.05, 0.2, 1.0], l: [10]}
            """;
        string db = Path.Combine(_dir, "grid.db");
        using (var runStore = StudyStore.Open($"sqlite:{db}"))
        {
            var study = LRBench.Studies.Definition.StudyParser.Parse(grid, Path.Combine(_dir, "grid.yaml"));
            new LRBench.Studies.Running.StudyRunner(runStore, new LRBench.Studies.Running.RunnerOptions { OutputDirectory = Path.Combine(_dir, "out"), Parallel = 1, ThreadsPerTrial = 1 })
                .SubmitAndRun(study, grid);
        }

        var (page, url, _, close) = await Browse(StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}")), "/study/1");
        try
        {
            await page.WaitForFunctionAsync("() => window.lrbench?.charts?.search != null", null, new() { Timeout = 30_000 });

            // k0 and k1 vary (l does not): a line per trial in the parallel coordinates, a point per trial in each slice.
            Assert.Equal(2, await page.Locator(".lrb-search [id^='chart-slice-']").CountAsync());
            string[] lines = await page.EvaluateAsync<string[]>("() => window.lrbench.charts.search.shapes('pc').map((s) => s.text)");
            Assert.Equal(6, lines.Length);
            Assert.Contains(lines, l => l.StartsWith("TRI k0=0.01 k1=0.2 l=10 s0: k0 = 0.01, k1 = 0.2; top-1 (%) ", StringComparison.Ordinal));

            // Hover the k1 slice's point of the first trial: the tooltip names it with its value and score.
            await page.Locator("#chart-slice-1").ScrollIntoViewIfNeededAsync();
            var shape = await page.EvaluateAsync<JsonElement>("() => window.lrbench.charts.search.shapes('slice-1')[0]");
            var canvas = await page.Locator("#chart-slice-1 canvas").BoundingBoxAsync();
            Assert.NotNull(canvas);
            float x = canvas.X + (float)((shape.GetProperty("x0").GetDouble() + shape.GetProperty("x1").GetDouble()) / 2);
            float y = canvas.Y + (float)((shape.GetProperty("y0").GetDouble() + shape.GetProperty("y1").GetDouble()) / 2);
            await page.Mouse.MoveAsync(x, y);
            var tip = page.Locator("#chart-slice-1 .lrb-tip");
            await tip.WaitForAsync(new() { State = WaitForSelectorState.Visible });
            Assert.Equal(shape.GetProperty("text").GetString(), await tip.InnerTextAsync());
            Assert.StartsWith("TRI k0=0.001 k1=0.05 l=10 s0: k1 = 0.05, top-1 (%) ", await tip.InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await close();
        }
    }

    [Fact]
    public async Task Pruned_trials_are_marked_where_they_stopped_and_the_rungs_are_drawn()
    {
        var (page, _, _, close) = await Open("/study/1");
        try
        {
            await WaitForChart(page, "score");
            string[] labels = await page.EvaluateAsync<string[]>("() => window.lrbench.charts.score.u.series.slice(1).map((s) => s.label)");
            Assert.Equal(39, labels.Length);
            Assert.Equal(34, labels.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\(pruned at step (469|470|1407|1408)\)$")));
            // The legend shows it too, as text.
            await page.Locator("#chart-score .u-legend").GetByText("(pruned at step 1408)", new() { Exact = false }).First.WaitForAsync();
            // The two rungs of the study (1 and 3 epochs of 469 steps) are drawn as lines.
            long[] rungs = await page.EvaluateAsync<long[]>("() => window.lrbench.charts.score.spec().vlines.map((v) => v.x)");
            Assert.Equal(new long[] { 469, 1407 }, rungs);
            // The anneal probes of its fair rungs (22 in the store, of 18 trials): each at its rung's step with the
            // score the pruner judged (stored as a fraction, drawn in percent), every one drawn as a diamond.
            var probes = await page.EvaluateAsync<JsonElement>("() => window.lrbench.charts.score.spec().series.flatMap((s) => s.probes || [])");
            Assert.Equal(22, probes.GetArrayLength());
            Assert.All(probes.EnumerateArray(), p => Assert.Contains(p.GetProperty("step").GetInt64(), new long[] { 469, 470, 1407, 1408 }));
            Assert.All(probes.EnumerateArray(), p => Assert.InRange(p.GetProperty("score").GetDouble(), 86.63 - 1e-9, 89.70 + 1e-9));
            Assert.Equal(22, await page.EvaluateAsync<int>("() => window.lrbench.charts.score.u.lrbProbes"));
            Assert.Contains("anneal probe", await page.Locator("#chart-score .lrb-note").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await close();
        }
    }

    [Fact]
    public async Task Log_scale_zoom_and_comparing_ticked_trials_work()
    {
        var (page, _, _, close) = await Open("/study/1");
        try
        {
            await WaitForChart(page, "loss");
            // The learning rates of the study's 39 finished trials (at most 50 are drawn at once).
            await page.WaitForFunctionAsync("() => window.lrbench.charts.lr?.u?.series.length === 40", null, new() { Timeout = 30_000 });

            // A linear axis holds its data with a margin of 3% of the span on each side: the highest and lowest
            // points (the start of a loss curve, a best-so-far line at the top) are not drawn on the frame.
            foreach (string chart in new[] { "loss", "history" })
            {
                double[] linear = await page.EvaluateAsync<double[]>(
                    $"() => {{ const u = window.lrbench.charts.{chart}.u; const ys = u.data.slice(1).flat().filter((v) => v != null); return [u.scales.y.min, u.scales.y.max, Math.min(...ys), Math.max(...ys)]; }}");
                double span = linear[3] - linear[2], margin = 0.03 * span;
                Assert.True(Math.Abs(linear[0] - (linear[2] - margin)) < 1e-9 * Math.Max(1, span) && Math.Abs(linear[1] - (linear[3] + margin)) < 1e-9 * Math.Max(1, span),
                    $"the {chart} axis [{linear[0]}, {linear[1]}] against the data [{linear[2]}, {linear[3]}]");
            }

            // Log scale on the loss chart.
            await page.Locator("#chart-loss .lrb-log input").CheckAsync();
            Assert.Equal(3, await page.EvaluateAsync<int>("() => window.lrbench.charts.loss.u.scales.y.distr"));
            // ... whose range is the data's, padded a little, not widened to whole decades (the losses lie between
            // about 0.25 and 0.6: a decade-snapped axis would run from 0.1 to 1 and leave most of the chart empty).
            double[] range = await page.EvaluateAsync<double[]>(
                "() => { const u = window.lrbench.charts.loss.u; const ys = u.data.slice(1).flat().filter((v) => v != null && v > 0); return [u.scales.y.min, u.scales.y.max, Math.min(...ys), Math.max(...ys)]; }");
            Assert.True(range[0] <= range[2] && range[1] >= range[3], $"the axis [{range[0]}, {range[1]}] must hold the data [{range[2]}, {range[3]}]");
            Assert.True(range[0] > range[2] / 1.2 && range[1] < range[3] * 1.2, $"the axis [{range[0]}, {range[1]}] is much wider than the data [{range[2]}, {range[3]}]");
            // The LR chart's log scale too: its traces span 0.0003 (and lower, annealed) to 0.046.
            await page.Locator("#chart-lr .lrb-log input").CheckAsync();
            double[] lr = await page.EvaluateAsync<double[]>(
                "() => { const u = window.lrbench.charts.lr.u; const ys = u.data.slice(1).flat().filter((v) => v != null && v > 0); return [u.scales.y.min, u.scales.y.max, Math.min(...ys), Math.max(...ys)]; }");
            Assert.True(lr[0] <= lr[2] && lr[1] >= lr[3] && lr[1] < lr[3] * 1.5, $"the LR axis [{lr[0]}, {lr[1]}] against the data [{lr[2]}, {lr[3]}]");

            // Drag across the middle of the score chart: the x range narrows; a double-click resets it.
            double[] full = await page.EvaluateAsync<double[]>("() => { const s = window.lrbench.charts.score.u.scales.x; return [s.min, s.max]; }");
            var over = await page.Locator("#chart-score .u-over").BoundingBoxAsync();
            Assert.NotNull(over);
            await page.Mouse.MoveAsync(over.X + over.Width * 0.3f, over.Y + over.Height * 0.5f);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(over.X + over.Width * 0.6f, over.Y + over.Height * 0.5f, new() { Steps = 5 });
            await page.Mouse.UpAsync();
            double[] zoomed = await page.EvaluateAsync<double[]>("() => { const s = window.lrbench.charts.score.u.scales.x; return [s.min, s.max]; }");
            Assert.True(zoomed[0] > full[0] && zoomed[1] < full[1], $"zoomed to [{zoomed[0]}, {zoomed[1]}] from [{full[0]}, {full[1]}]");
            await page.Mouse.DblClickAsync(over.X + over.Width * 0.5f, over.Y + over.Height * 0.5f);
            double[] reset = await page.EvaluateAsync<double[]>("() => { const s = window.lrbench.charts.score.u.scales.x; return [s.min, s.max]; }");
            Assert.Equal(full, reset);

            // Tick two trials in the table: the charts compare just those two.
            await page.Locator("#trials tr[data-trial='5'] input.lrb-pick").CheckAsync();
            await page.Locator("#trials tr[data-trial='6'] input.lrb-pick").CheckAsync();
            await page.WaitForFunctionAsync("() => window.lrbench.charts.score.u.series.length === 3");
            string[] compared = await page.EvaluateAsync<string[]>("() => window.lrbench.charts.score.u.series.slice(1).map((s) => s.label)");
            Assert.Equal(new[] { "SIN(k0=0.0003, k1=0.046, l=0.5ep) s0", "TRI(k0=0.0003, k1=0.046, l=0.5ep) s1" }, compared);
            // The ticks survive the page's polls (every 1.5 s; the table is drawn again when trials change): wait for the next one.
            int refreshes = await page.EvaluateAsync<int>("() => window.lrbench.refreshes");
            await page.WaitForFunctionAsync($"() => window.lrbench.refreshes > {refreshes}", null, new() { Timeout = 30_000 });
            Assert.True(await page.Locator("#trials tr[data-trial='5'] input.lrb-pick").IsCheckedAsync());
        }
        finally
        {
            await close();
        }
    }

    [Fact]
    public async Task A_large_studys_trial_table_is_paged_in_the_browser_and_filtered_with_the_charts()
    {
        // 50 settings x 3 seeds, submitted and not run: 150 pending trials, more than one page of the table.
        string file = Path.Combine(_dir, "paged.yaml");
        string policies = string.Join(", ", Enumerable.Range(1, 50).Select(i => $"\"FIX(k0={(i / 1000.0).ToString(CultureInfo.InvariantCulture)})\""));
        File.WriteAllText(file, $$"""
            name: paged
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 20ba, evaluate_every: 10ba}
            seeds: [0, 1, 2]
            policies: [{{policies}}]
            """);
        string db = Path.Combine(_dir, "paged.db");
        var (code, output, err) = Cli.Run("study", "submit", file, "--store", "sqlite:" + db);
        Assert.True(code == 0, err + output);

        var (page, url, _, close) = await Browse(StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}")), "/study/1");
        try
        {
            var pager = page.Locator(".lrb-pager");
            await pager.GetByText("trials 1-100 of 150").WaitForAsync();
            Assert.Equal(100, await page.Locator("#trials tbody tr").CountAsync());
            Assert.Equal("150 pending", await page.Locator("#counts").InnerTextAsync());
            Assert.True(await pager.GetByRole(AriaRole.Button, new() { Name = "previous" }).IsDisabledAsync());

            await pager.GetByRole(AriaRole.Button, new() { Name = "next" }).ClickAsync();
            await pager.GetByText("trials 101-150 of 150").WaitForAsync();
            Assert.Equal(50, await page.Locator("#trials tbody tr").CountAsync());
            Assert.Equal("FIX(k0=0.034) s1", await page.Locator("#trials tbody tr").First.Locator("a").InnerTextAsync()); // study order: setting 34, seed 1 is trial 101
            Assert.True(await pager.GetByRole(AriaRole.Button, new() { Name = "next" }).IsDisabledAsync());

            // The charts' filter box filters the table too, from its first page.
            await page.Locator(".lrb-filter").FillAsync("k0=0.049)");
            await pager.GetByText("trials 1-3 of 3 matching the filter (150 in all)").WaitForAsync();
            string[] labels = [.. await page.Locator("#trials tbody tr a").AllInnerTextsAsync()];
            Assert.Equal(new[] { "FIX(k0=0.049) s0", "FIX(k0=0.049) s1", "FIX(k0=0.049) s2" }, labels);
            Assert.Equal($"{url}/trial/{await page.Locator("#trials tbody tr").First.GetAttributeAsync("data-trial")}", await page.Locator("#trials tbody tr a").First.EvaluateAsync<string>("(a) => a.href"));
        }
        finally
        {
            await close();
        }
    }

    [Fact]
    public async Task A_study_of_more_trials_than_can_be_drawn_draws_the_tables_page_and_reads_other_curves_when_shown()
    {
        // 200 settings x 3 seeds with two evaluations each: 600 evaluated trials, more than StudyCurves.CurveLimit.
        string file = Path.Combine(_dir, "large.yaml");
        string policies = string.Join(", ", Enumerable.Range(1, 200).Select(i => $"\"FIX(k0={(i / 10000.0).ToString(CultureInfo.InvariantCulture)})\""));
        File.WriteAllText(file, $$"""
            name: large
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 20ba, evaluate_every: 10ba}
            seeds: [0, 1, 2]
            policies: [{{policies}}]
            """);
        string db = Path.Combine(_dir, "large.db");
        var (code, output, err) = Cli.Run("study", "submit", file, "--store", "sqlite:" + db);
        Assert.True(code == 0, err + output);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var tx = c.BeginTransaction();
            using var insert = c.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds)
                SELECT id, s.step, 0.5, 0.01, 0.1 + ordinal / 1000.0, 0.9, 0.5, 0.1, 0.1, 1.0, 0.5, s.step, 1, 1, 0.1 FROM trials, (SELECT 10 AS step UNION ALL SELECT 20) s
                """;
            Assert.Equal(1200, insert.ExecuteNonQuery());
            tx.Commit();
        }

        var (page, url, requests, close) = await Browse(StudyStore.OpenReadOnly(StoreLocation.Parse($"sqlite:{db}")), "/study/1");
        try
        {
            const string labels = "() => window.lrbench.charts.score.u.series.slice(1).map((s) => s.label)";
            await WaitForChart(page, "score");
            // The first read holds every trial and the curves of the table's first page only; those are drawn.
            Assert.Equal(600, await page.EvaluateAsync<int>("() => window.lrbench.lastPoll.trials"));
            Assert.Equal(100, await page.EvaluateAsync<int>("() => window.lrbench.lastPoll.curves"));
            string[] first = await page.EvaluateAsync<string[]>(labels);
            Assert.Equal(100, first.Length);
            Assert.Equal("FIX(k0=0.0001) s0", first[0]);
            await page.GetByText("the curves of the 100 on the table's page are drawn").WaitForAsync();

            // The next page of the table: its trials' curves are read and drawn instead.
            await page.Locator(".lrb-pager").GetByRole(AriaRole.Button, new() { Name = "next" }).ClickAsync();
            await page.WaitForFunctionAsync($"() => ({labels})()[0] === 'FIX(k0=0.0034) s1'", null, new() { Timeout = 30_000 });
            Assert.Equal(100, (await page.EvaluateAsync<string[]>(labels)).Length);
            lock (requests) Assert.Contains(requests, r => r.StartsWith(url + "/api/studies/1/curves?trials=", StringComparison.Ordinal));

            // A filter that leaves fewer trials than the limit draws all of them, read when not held.
            await page.Locator(".lrb-filter").FillAsync("k0=0.019)");
            await page.WaitForFunctionAsync($"() => ({labels})().length === 3", null, new() { Timeout = 30_000 });
            Assert.Equal(new[] { "FIX(k0=0.019) s0", "FIX(k0=0.019) s1", "FIX(k0=0.019) s2" }, await page.EvaluateAsync<string[]>(labels));
            // Its first value is the stored one: trial 568 (setting 190, seed 0) was given a top-1 of 0.1 + 567 / 1000.
            Assert.Equal(66.7, await page.EvaluateAsync<double>("() => window.lrbench.charts.score.u.data[1][0]"), 9);
        }
        finally
        {
            await close();
        }
    }
}
