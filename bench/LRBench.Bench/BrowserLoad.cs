using System.Diagnostics;
using Microsoft.Playwright;

namespace LRBench.Bench;

/// <summary>
/// How long a dashboard page takes in a browser until it is drawn: Debian's Chromium (headless, through Playwright)
/// opens the page in a new tab and the clock stops when the page's first refresh has finished (window.lrbench.refreshes
/// is 1: the curves read, the trial table, the charts, the timeline and the ranking drawn). The first of
/// the loads is dropped as warm-up.
/// </summary>
internal static class BrowserLoad
{
    public static (double Median, double P95)? Time(string url, int loads = 6)
    {
        if (!File.Exists("/usr/bin/chromium")) return null;
        return TimeAsync(url, loads).GetAwaiter().GetResult();
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>
    /// <c>page-profile URL</c>: one load of a dashboard page (after one as warm-up), in ms since navigation: each
    /// request's start, end and bytes, the DOM's readiness, and the end of the page's first refresh. What is not a
    /// request is the page's own script (parsing JSON, drawing the table and the charts).
    /// </summary>
    public static int Profile(string url)
    {
        ProfileAsync(url).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task ProfileAsync(string url)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        for (int i = 0; i < 2; i++)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            // The second load runs under V8's sampling profiler (through the DevTools protocol): where the script's time goes.
            var cdp = i == 1 ? await page.Context.NewCDPSessionAsync(page) : null;
            if (cdp is not null)
            {
                await cdp.SendAsync("Profiler.enable");
                await cdp.SendAsync("Profiler.setSamplingInterval", new() { ["interval"] = 200 });
                await cdp.SendAsync("Profiler.start");
            }

            await page.GotoAsync(url);
            await page.WaitForFunctionAsync("() => (window.lrbench?.refreshes ?? 0) >= 1", null, new() { Timeout = 300_000, PollingInterval = 5 });
            double drawn = await page.EvaluateAsync<double>("() => performance.now()");
            if (i == 0) Console.WriteLine($"# A first load, without the profiler: drawn by {drawn:F0} ms");
            if (i == 1)
            {
                var rows = await page.EvaluateAsync<string[]>(
                    "() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).sort((a, b) => a.startTime - b.startTime)"
                    + ".map((e) => `| ${e.name.replace(location.origin, '')} | ${e.startTime.toFixed(0)} | ${e.responseEnd.toFixed(0)} | ${e.transferSize} |`)");
                double ready = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
                Console.WriteLine($"# {url}: one load, ms since navigation");
                Console.WriteLine();
                Console.WriteLine("| request | start | end | bytes |");
                Console.WriteLine("|---|---:|---:|---:|");
                foreach (string row in rows) Console.WriteLine(row);
                Console.WriteLine();
                Console.WriteLine($"DOM ready at {ready:F0} ms; the first refresh finished by {drawn:F0} ms.");
                var profile = (await cdp!.SendAsync("Profiler.stop"))!.Value.GetProperty("profile");
                PrintHotFunctions(profile);
            }

            await page.CloseAsync();
        }
    }

    /// <summary>The functions with the most samples of their own (self time), with where they are.</summary>
    private static void PrintHotFunctions(System.Text.Json.JsonElement profile)
    {
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetInt64()).ToList();
        var frames = profile.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt32(), n => n.GetProperty("callFrame"));
        var self = new Dictionary<string, double>();
        for (int k = 0; k + 1 < samples.Count; k++)
        {
            var f = frames[samples[k]];
            string file = f.GetProperty("url").GetString() is { Length: > 0 } u ? u[(u.LastIndexOf('/') + 1)..] : "";
            string name = $"{(f.GetProperty("functionName").GetString() is { Length: > 0 } n ? n : "(anonymous)")} {file}:{f.GetProperty("lineNumber").GetInt32() + 1}";
            self[name] = self.GetValueOrDefault(name) + deltas[k + 1] / 1000.0; // the sample's time runs until the next one
        }

        Console.WriteLine();
        Console.WriteLine("| function (self time) | ms |");
        Console.WriteLine("|---|---:|");
        foreach (var (name, ms) in self.OrderByDescending(p => p.Value).Take(20)) Console.WriteLine($"| {name} | {ms:F0} |");
    }

    private static async Task<(double Median, double P95)> TimeAsync(string url, int loads)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var ms = new List<double>();
        for (int i = 0; i < loads; i++)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            var sw = Stopwatch.StartNew();
            await page.GotoAsync(url);
            await page.WaitForFunctionAsync("() => (window.lrbench?.refreshes ?? 0) >= 1", null, new() { Timeout = 300_000, PollingInterval = 5 });
            if (i > 0) ms.Add(sw.Elapsed.TotalMilliseconds);
            await page.CloseAsync();
        }

        ms.Sort();
        return (ms[ms.Count / 2], ms[(int)Math.Ceiling(0.95 * ms.Count) - 1]);
    }
}
