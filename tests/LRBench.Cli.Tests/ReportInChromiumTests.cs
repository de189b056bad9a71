using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace LRBench.Cli.Tests;

/// <summary>
/// report.html in Debian's Chromium, opened from disk with every request that is not a file refused: the dashboard's
/// study view (trial table, intermediate values with early stops, optimisation history, learning rates, timeline)
/// drawn by the same script from data inlined in the file, on the committed promotion-ASHA store (39 trials, 34 pruned).
/// </summary>
public sealed class ReportInChromiumTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-report-chromium-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Report_html_draws_the_dashboards_interactive_charts_offline_from_the_file_alone()
    {
        string db = Path.Combine(_dir, "asha.db");
        File.Copy(Path.Combine(RepositoryFiles.RepoRoot, "bench", "studies", "asha", "promotion-fair-1ep-s0.db"), db);
        string reportDir = Path.Combine(_dir, "report");
        var (code, output, err) = Cli.Run("study", "report", "promotion-fair-1ep-s0", "--store", "sqlite:" + db, "--out", reportDir);
        Assert.True(code == 0, err + output);
        string file = Path.Combine(reportDir, "report.html");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardTests.Chromium(playwright);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var requests = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            lock (requests) requests.Add(route.Request.Url);
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal)) await route.ContinueAsync();
            else await route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.lrbench?.charts?.score?.u != null && window.lrbench?.charts?.timeline != null", null, new() { Timeout = 30_000 });

        // The trial table: every trial (one page of 100), labels as text with no links (a file has no trial pages).
        Assert.Equal(39, await page.Locator("#trials tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("#trials a").CountAsync());
        Assert.Equal(34, await page.Locator("#trials tbody tr[data-status='pruned']").CountAsync());

        // Hover the first trial's second point: the legend shows its value, read from the file's own data.
        using var data = JsonDocument.Parse(await page.EvaluateAsync<string>("() => document.getElementById('lrb-data').textContent"));
        var first = data.RootElement.GetProperty("curves").GetProperty("trials")[0];
        long step = first.GetProperty("steps")[1].GetInt64();
        double value = first.GetProperty("score")[1].GetDouble();
        await page.Locator("#chart-score").ScrollIntoViewIfNeededAsync();
        var at = await page.EvaluateAsync<double[]>(
            $"() => {{ const u = window.lrbench.charts.score.u; const r = u.over.getBoundingClientRect(); return [r.left + u.valToPos({step}, 'x'), r.top + u.valToPos({value.ToString("R", CultureInfo.InvariantCulture)}, 'y')]; }}");
        await page.Mouse.MoveAsync((float)at[0] - 20, (float)at[1]);
        await page.Mouse.MoveAsync((float)at[0], (float)at[1], new() { Steps = 4 });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#chart-score .u-legend tr.u-series')[1].querySelector('.u-value').textContent !== '–'", null, new() { Timeout = 10_000 });
        Assert.Equal(value.ToString("0.##", CultureInfo.InvariantCulture), await page.Locator("#chart-score .u-legend tr.u-series").Nth(1).Locator(".u-value").InnerTextAsync());

        // The other views: the history of the 5 completed trials, the learning rates of the finished ones (inlined, at
        // most 50), and all 39 trials on the timeline.
        await page.WaitForFunctionAsync("() => window.lrbench.charts.lr?.u != null && window.lrbench.charts.lr.u.series.length > 1", null, new() { Timeout = 10_000 });
        Assert.Equal(39, await page.EvaluateAsync<int>("() => window.lrbench.charts.lr.u.series.length - 1"));
        Assert.Equal(5, await page.EvaluateAsync<int>("() => window.lrbench.charts.history.u.data[2].filter((v) => v != null).length"));
        Assert.Equal(39, await page.EvaluateAsync<int>("() => window.lrbench.charts.timeline.shapes().length"));

        // Nothing but the file itself was asked for, and the page ran without an error.
        lock (requests) Assert.All(requests, r => Assert.StartsWith("file://", r, StringComparison.Ordinal));
        lock (errors) Assert.Empty(errors);
    }
}
