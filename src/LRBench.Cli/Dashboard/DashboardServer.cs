using System.Globalization;
using System.Text;
using LRBench.Cli.Services;
using LRBench.Reporting;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Suites;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Reports;
using LRBench.Studies.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// `lrbench dashboard`: a read-only web view of every study in a store, served by ASP.NET Core (Kestrel). Pages are
/// rendered on the server; their charts are interactive (uPlot, bundled into LRBench.Reporting at build time and served
/// from /assets/, so nothing is fetched from anywhere else) and read their data from the JSON endpoints of
/// <see cref="DashboardApi"/>. A study page polls its live part (trial table and curves) every 1.5 s, so running
/// trials' evaluations, which workers record as they happen, appear without a reload. Only GET endpoints exist; every
/// text from the store is HTML-escaped in pages and set as text by the charts.
/// </summary>
internal static class DashboardServer
{
    /// <summary>
    /// The web application serving <paramref name="store"/> at <paramref name="url"/>, not started yet. It answers
    /// only requests whose Host header names <paramref name="hosts"/> (with any port), so that a web page elsewhere
    /// cannot read it through a DNS name it points at this machine (DNS rebinding); anything else gets 400.
    /// </summary>
    public static WebApplication Build(StudyStore store, string url, IReadOnlyCollection<string> hosts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders(); // the command prints its own line; requests are not logged
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = [.. hosts];
            o.AllowEmptyHosts = false; // HTTP/1.0 without a Host header: refused too
            o.IncludeFailureMessage = false;
        });
        var app = builder.Build();
        app.UseHostFiltering();
        app.Use(async (context, next) =>
        {
            // A fresh nonce per response: only the page's own script may run; nothing is loaded from elsewhere.
            string nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = $"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'nonce-{nonce}'; connect-src 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.CacheControl = "no-store";
            try
            {
                await next(context);
            }
            catch (StoreException e) when (!context.Response.HasStarted)
            {
                // A store damaged after the dashboard opened it (a value another program wrote): the page says so, the server stays up.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(Html.Page("Store unreadable", $"<p>{Html.E(e.Message)}</p>", nonce));
            }
        });
        // HEAD is answered as GET; Kestrel sends the headers and leaves the body out.
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        var rankings = new RankingCache(store);
        app.MapMethods("/", read, (HttpContext h) => Page(StudiesPage(store, rankings, Nonce(h))));
        app.MapMethods("/study/{id:long}", read, (long id, HttpContext h) => Page(StudyPage(store, id, Nonce(h))));
        app.MapMethods("/study/{id:long}/ranking", read, (long id) => Page(store.Results.Study(id) is { IsTradeoff: false } s ? rankings.Html(s) : null));
        app.MapMethods("/suite/{id:long}", read, (long id, HttpContext h) => Page(SuitePage(store, id, Nonce(h))));
        app.MapMethods("/trial/{id:long}", read, (long id, HttpContext h) => Page(TrialPage(store, id, Nonce(h))));
        app.MapMethods("/api/studies/{id:long}/trials", read, (long id) => DashboardApi.Trials(store, id, Json));
        app.MapMethods("/api/studies/{id:long}/curves", read, (long id, string? since, string? trials) => DashboardApi.Curves(store, id, since, trials, Json, TimeProvider.System));
        app.MapMethods("/api/studies/{id:long}/lr", read, (long id, string? trials) => DashboardApi.LearningRates(store, id, trials, Json));
        app.MapMethods("/api/studies/{id:long}/timeline", read, (long id) => DashboardApi.Timeline(store, id, Json, TimeProvider.System));
        app.MapMethods("/api/trials/{id:long}/trace", read, (long id) => DashboardApi.TrialTrace(store, id, Json));
        app.MapMethods("/assets/{name}", read, (string name, string? v, HttpResponse response) => DashboardApi.Asset(name, v, response));
        return app;
    }

    /// <summary>
    /// The Host header values a dashboard listening on <paramref name="host"/> answers: the loopback names always, the
    /// address it listens on, and the names given with <c>--allowed-host</c> (a name this machine is reached by).
    /// </summary>
    public static IReadOnlyList<string> AllowedHosts(string host, IEnumerable<string> extra)
    {
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        bool any = host is "0.0.0.0" or "::" or "[::]";
        if (!any) hosts.Add(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host);
        else hosts.Add(Environment.MachineName); // listening everywhere: the machine's own name reaches it too
        hosts.AddRange(extra);
        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private const string NonceKey = "lrbench-nonce";

    private static string Nonce(HttpContext context) => (string)context.Items[NonceKey]!;

    /// <summary>JSON with every character HTML gives a meaning to escaped (\u003C for &lt;), whatever reads it.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Json = StudyCharts.Json;

    private static IResult Page(string? html) => html is null ? Results.NotFound() : Results.Content(html, "text/html; charset=utf-8");

    private static string StudiesPage(StudyStore store, RankingCache rankings, string nonce)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var study in store.Results.Studies())
        {
            var trials = store.Results.Trials(study.Id);
            int Count(TrialStatus s) => trials.Count(t => t.Status == s);
            string best = "";
            if (!study.IsTradeoff && rankings.Ranking(study) is { Count: > 0 } ranking)
                best = $"{ranking[0].Label} ({RankingFormat.PlusMinus(ranking[0].Top1, 100, "0.00")})";

            rows.Add(
            [
                Html.TdLink($"/study/{study.Id.ToString(CultureInfo.InvariantCulture)}", study.Name), Html.Td(study.IsTradeoff ? "tradeoff" : "policies", left: true),
                Html.Td($"{Count(TrialStatus.Completed) + Count(TrialStatus.Diverged)}"), Html.Td($"{Count(TrialStatus.Running)}"), Html.Td(Count(TrialStatus.Paused) is int paused and > 0 ? $"{Count(TrialStatus.Pending)} (+{paused} paused)" : $"{Count(TrialStatus.Pending)}"),
                Html.Td($"{Count(TrialStatus.Failed)}"), Html.Td($"{Count(TrialStatus.Pruned)}"), Html.Td(best, left: true),
            ]);
        }

        string body = $"<p class=\"muted\">Store: {Html.E(store.Location.Display)}</p>" + SuitesTable(store)
            + Html.Table(["study", "kind", "done", "running", "pending", "failed", "pruned", "best policy so far"], rows, "studies", sortable: true);
        return Html.Page("Studies", body, nonce, Html.SortScript + "sortable(document);");
    }

    /// <summary>A raced study's decisions, round by round (what <c>lrbench study status</c> prints).</summary>
    private static string RaceSection(IReadOnlyList<RaceDecisionRow> decisions)
    {
        if (decisions.Count == 0) return "<h2>Race</h2><p class=\"muted\">The first round is running; nothing decided yet.</p>";
        var rows = decisions.OrderBy(d => d.Round).ThenBy(d => d.Decision == RaceDecision.Eliminated).ThenByDescending(d => d.MeanScore).Select(d => (IReadOnlyList<string>)
        [
            Html.Td($"{d.Round}"), Html.Td(d.Label, left: true), Html.Td($"{d.Seeds}"), Html.Td(Html.N(d.MeanScore, "0.####")),
            Html.Td(d.Decision.ToText(), left: true), Html.Td(Html.N(d.PValue, "0.####")), Html.Td(d.Reason, left: true),
        ]).ToList();
        return "<h2>Race</h2>" + Html.Table(["round", "setting", "seeds", "mean score", "decision", "p", "why"], rows, "race");
    }

    /// <summary>The suites the store records, each with its progress and the policy leading across its complete workloads.</summary>
    private static string SuitesTable(StudyStore store)
    {
        var suites = store.Results.Suites();
        if (suites.Count == 0) return "";
        var rows = suites.Select(record =>
        {
            var result = Analyze(store, record);
            string leader = result.Ranks is { } ranks
                ? $"{result.PolicyNames[Enumerable.Range(0, ranks.MeanRanks.Count).MinBy(i => ranks.MeanRanks[i])]} (mean rank {ranks.MeanRanks.Min().ToString("0.00", CultureInfo.InvariantCulture)})"
                : "";
            return (IReadOnlyList<string>)
            [
                Html.TdLink($"/suite/{record.Id.ToString(CultureInfo.InvariantCulture)}", record.Name), Html.Td($"{result.CompleteWorkloads.Count}/{result.Workloads.Count}"),
                Html.Td($"{result.PolicyNames.Count}"), Html.Td(leader, left: true),
            ];
        }).ToList();
        return "<h2>Suites</h2>" + Html.Table(["suite", "complete workloads", "policies", "lowest mean rank"], rows, "suites") + "<h2>Studies</h2>";
    }

    /// <summary>A stored suite scored from the store alone, as <c>lrbench suite report</c> scores it from its file.</summary>
    private static SuiteResult Analyze(StudyStore store, SuiteRecord record)
    {
        SuiteDefinition suite;
        try
        {
            suite = SuiteParser.FromRecord(record, store.Location.Display);
        }
        catch (StudyFileException e)
        {
            throw new StoreException($"{store.Location.Display} is damaged: {e.Message}", e);
        }

        return SuiteAnalysis.Analyze(suite, SuiteFiles.Read(store, suite));
    }

    private static string? SuitePage(StudyStore store, long id, string nonce)
    {
        if (store.Results.Suite(id) is not { } record) return null;
        var result = Analyze(store, record);
        var links = record.Workloads.Select(w => store.Results.FindStudy(w.Study) is { } row
            ? $"<a href=\"/study/{row.Id.ToString(CultureInfo.InvariantCulture)}\">{Html.E(w.Name)}</a>"
            : $"{Html.E(w.Name)} (not submitted yet)");
        string body = $"<div class=\"suite\"><p>Workloads' studies: {string.Join(", ", links)}. Recorded {Html.E(record.RecordedAt)}.</p>"
            + SuiteReport.HtmlBody(result, SuiteReport.ProfileCharts(result)) + "</div>";
        return Html.Page($"Suite {record.Name}", body, nonce, SuiteReport.ProfileScript, charts: true);
    }

    private static string? StudyPage(StudyStore store, long id, string nonce)
    {
        if (store.Results.Study(id) is not { } study) return null;
        // The trial table, the counts and the charts are drawn in the browser from the curves endpoint (its first read,
        // then only what changed); the ranking comes from its own endpoint, computed once per change (RankingCache).
        var body = new StringBuilder();
        body.Append("<p id=\"counts\" class=\"muted\"></p><div id=\"trials-host\"></div>")
            .Append("<h2>Curves</h2><p class=\"muted\">Hover for values; drag to zoom, double-click to reset; click a legend entry to hide it. Rungs are dashed lines; an x marks where a trial stopped early.</p><div id=\"curves\"></div>")
            .Append("<h2>Timeline</h2><p class=\"muted\">Each trial's last attempt on the machine that ran it (concurrent trials on separate rows); a red mark is an earlier attempt that failed. Hover a bar for its trial.</p><div id=\"timeline\"></div>");
        if (!study.IsTradeoff) body.Append("<h2>Ranking (finished trials; click a column to sort)</h2><div id=\"ranking-host\"></div>");

        if (study.IsTradeoff && store.Results.Load(study) is var results && results.Trials.Any(t => t.Status is TrialStatus.Completed or TrialStatus.Diverged))
            body.Append(TradeoffSection(results));

        if (study.Racer is not null) body.Append(RaceSection(store.Results.RaceDecisions(study.Id)));

        if (store.Results.RangeTest(study.Id) is { } rangeTest)
        {
            body.Append("<h2>Range test</h2><p class=\"muted\">")
                .Append(Html.E(string.Join(", ", rangeTest.PlaceholderValues().OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => $"${kv.Key} = {kv.Value.ToString("G3", CultureInfo.InvariantCulture)}"))))
                .Append("</p><div id=\"range-test\"></div>")
                .Append(LRBench.Reporting.PageLayout.JsonData("lrb-range", System.Text.Json.JsonSerializer.Serialize<IReadOnlyList<LRBench.Reporting.WebChart>>([RangeTestReport.Web(rangeTest)], StudyCharts.Json)));
        }

        string sid = id.ToString(CultureInfo.InvariantCulture);
        string script = Html.SortScript + $$"""
            sortable(document);
            const charts = LRBenchCharts.studyPage(document.getElementById('curves'), {
              curves: '/api/studies/{{sid}}/curves', lr: '/api/studies/{{sid}}/lr', timeline: '/api/studies/{{sid}}/timeline', timelineHost: document.getElementById('timeline'),
              trial: '/trial/', tableHost: document.getElementById('trials-host'), countsHost: document.getElementById('counts'),
              ranking: '/study/{{sid}}/ranking', rankingHost: document.getElementById('ranking-host'), onRanking: sortable });
            // Charts whose data is in the page (a range test, a tradeoff study's charts), drawn once.
            for (const [host, data] of [['range-test', 'lrb-range'], ['tradeoff-charts', 'lrb-tradeoff']]) {
              if (document.getElementById(data)) LRBenchCharts.fromData(document.getElementById(host), document.getElementById(data));
            }
            setInterval(() => charts.refresh(), 1500);
            """;
        return Html.Page($"Study {study.Name}", body.ToString(), nonce, script, charts: true);
    }

    /// <summary>
    /// A tradeoff study's curves, gaps and Pareto frontiers: the content of the report `lrbench tradeoff` writes
    /// (<see cref="TradeoffReport.HtmlBody"/>), its charts as data the page draws with uPlot (nothing is written to disk per request).
    /// </summary>
    private static string TradeoffSection(StudyResults results)
    {
        var section = new StringBuilder("<h2>Tradeoff curves, gaps and Pareto frontiers (finished trials)</h2>");
        try
        {
            var analysis = LRBench.Studies.Tradeoff.TradeoffAnalysis.Analyse(results);
            section.Append(TradeoffReport.HtmlBody(results.Study, analysis, TradeoffReport.WebCharts(results.Study, analysis, results.Trials, results.Evaluations, results.Trace)));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException)
        {
            section.Append("<p class=\"muted\">Not enough finished trials for the curves yet: ").Append(Html.E(e.Message)).Append("</p>");
        }

        return section.ToString();
    }

    private static string? TrialPage(StudyStore store, long id, string nonce)
    {
        if (store.Results.Trial(id) is not { } t) return null;
        var study = store.Results.Study(t.StudyId);
        var evals = store.Results.EvaluationsOfTrials([id]);
        var trace = store.Results.TraceOfTrial(id);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p>Study <a href=\"/study/{t.StudyId}\">{Html.E(study?.Name)}</a>, trial key {Html.E(t.TrialKey)}</p>")
            .Append(Html.Table(["", ""],
            [
                [Html.Td("spec", true), Html.Td(LRBench.Schedules.Specs.SpecFormatter.ToText(t.Trial.Policy), true)],
                [Html.Td("optimizer", true), Html.Td(t.Trial.Training.Optimizer.Name + (t.Trial.OwnOptimizer ? " (the policy entry's own)" : " (the task's)"), true)],
                [Html.Td("method", true), Html.Td(t.Method, true)],
                [Html.Td("seed", true), Html.Td($"{t.Seed}", true)],
                [Html.Td("status", true), Html.Td(t.Status.ToText(), true, $"status-{t.Status.ToText()}")],
                [Html.Td("attempts", true), Html.Td($"{t.Attempts} ({t.Failures} failed)", true)],
                [Html.Td("worker", true), Html.Td(t.Worker ?? "", true)],
                [Html.Td("last error", true), Html.Td(t.Error ?? "", true)],
            ]));
        body.Append("<h2>Evaluations</h2>").Append(Html.Table(["step", "epoch", "lr", "top-1 (%)", "top-5 (%)", "AC", "CD", "CDAC", "test loss", "train loss"],
            evals.Select(e => (IReadOnlyList<string>)
            [
                Html.Td($"{e.Step}"), Html.Td(Html.N(e.Epoch, "0.##")), Html.Td(Html.N(e.Lr, "G4")), Html.Td(RankingFormat.Percent(e.Top1)), Html.Td(RankingFormat.Percent(e.Top5)),
                Html.Td(Html.N(e.Ac, "0.0000")), Html.Td(Html.N(e.Cd, "0.0000")), Html.Td(Html.N(e.Cdac, "0.0000")),
                Html.Td(Html.N(e.TestLoss ?? double.NaN, "0.0000")), Html.Td(Html.N(e.TrainLoss ?? double.NaN, "0.0000")),
            ])));
        if (trace.Count == 0) return Html.Page($"Trial {t.Label}", body.ToString(), nonce);
        body.Append("<h2>Learning rate and training loss</h2><div id=\"trial-charts\"></div>");
        string script = $"LRBenchCharts.trialPage(document.getElementById('trial-charts'), '/api/trials/{id.ToString(CultureInfo.InvariantCulture)}/trace');";
        return Html.Page($"Trial {t.Label}", body.ToString(), nonce, script, charts: true);
    }
}
