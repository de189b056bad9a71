using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Tradeoff;

namespace LRBench.Studies.Reports;

/// <summary>
/// Writes a tradeoff study's tables (Markdown, CSV), charts (PNG and SVG) and one self-contained HTML page:
/// accuracy against epochs for every curve and method, the gaps to the standard curve, the one-run curves epoch by
/// epoch with their LR, snapshot ensembles, and the Pareto frontiers by seconds and by epochs.
/// </summary>
public static class TradeoffReport
{
    private static string F(double v, string format = "0.00") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Pct(double v) => F(100 * v);

    /// <summary>A signed difference to two decimals; one that rounds to zero prints +0.00 (not the "-+0.00" a raw negative gives).</summary>
    private static string Signed(double v) => double.IsFinite(v) ? (Math.Round(v, 2) + 0.0).ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture) : "n/a";

    public static TradeoffFiles Write(
        StudyRow study, TradeoffResult result, IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<TraceRow> trace,
        string directory)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var charts = Charts(study, result, trials, evaluations, trace);
        var files = charts.WriteFiles(directory);

        string md = Path.Combine(directory, "tradeoff.md");
        File.WriteAllText(md, Markdown(study, result));
        string csv = Path.Combine(directory, "tradeoff-points.csv");
        File.WriteAllText(csv, Csv(result));
        string html = Path.Combine(directory, "tradeoff.html");
        var svg = files.Where(c => c.EndsWith(".svg", StringComparison.Ordinal)).ToList();
        File.WriteAllText(html, Html(study, result, charts.WebCharts(), svg));
        return new TradeoffFiles(html, md, csv, files);
    }

    private static TradeoffCharts Charts(
        StudyRow study, TradeoffResult result, IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<TraceRow> trace)
    {
        var charts = new TradeoffCharts(study, result);
        charts.AccuracyCurves();
        charts.GapsToStandard();
        charts.OneRunCurves(trials, evaluations, trace);
        charts.SnapshotEnsembles();
        charts.ParetoFrontiers();
        return charts;
    }

    /// <summary>The tables of the report: per-duration accuracies and gaps, costs, method shifts, frontiers, ensembles.</summary>
    public static string Markdown(StudyRow study, TradeoffResult r)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        var curves = r.Points.Select(p => p.Curve).Where(c => c != CurveKind.Trunk).Distinct().OrderBy(CurveKinds.DisplayOrder).ToList();
        var methods = r.Points.Select(p => p.Method).Distinct().ToList();
        sb.Append(CultureInfo.InvariantCulture, $"## Tradeoff study {study.Name}\n\n");
        foreach (string line in r.Verdict) sb.Append("- ").Append(line).Append('\n');
        AccuracyTable(sb, r, curves, methods);
        CostTable(sb, r);

        if (r.Shifts.Count > 0)
        {
            sb.Append("\n### Method shifts against ").Append(r.Baseline).Append(" (pp per duration) and their cosine similarity with the standard curve's\n\n");
            sb.Append("| method | curve | shift on standard | shift on curve | cosine |\n|---|---|---|---|---:|\n");
            foreach (var s in r.Shifts)
                sb.Append(CultureInfo.InvariantCulture, $"| {s.Method} | {s.Curve.ToText()} | {string.Join(", ", s.Standard.Select(Signed))} | {string.Join(", ", s.Other.Select(Signed))} | {F(s.CosineSimilarity, "0.000")} |\n");
        }

        foreach (var (axis, frontier) in new[] { ("seconds", r.ParetoBySeconds), ("epochs", r.ParetoByEpochs) })
        {
            sb.Append("\n### Pareto frontier by ").Append(axis).Append("\n\n| method | curve | epochs trained | cost (").Append(axis).Append(") | top-1 (%) |\n|---|---|---:|---:|---:|\n");
            foreach (var p in frontier)
                sb.Append(CultureInfo.InvariantCulture, $"| {p.Method} | {p.Curve.ToText()} | {F(p.Epochs, "0.##")} | {F(axis == "seconds" ? p.CostSeconds : p.CostEpochs, "0.#")} | {Pct(p.Top1)} |\n");
        }

        if (r.Ensembles.Count > 0)
        {
            sb.Append("\n### Snapshot ensembles (top-1 %, mean over seeds): last M cycle ends, softmax averaged\n\n| method | curve | epochs | single | ");
            int maxM = r.Ensembles.Max(e => e.Members);
            sb.Append(string.Join(" | ", Enumerable.Range(2, maxM - 1).Select(m => $"M={m}"))).Append(" |\n|---|---|---:|---:|").Append(string.Concat(Enumerable.Range(2, maxM - 1).Select(_ => "---:|"))).Append('\n');
            foreach (var g in r.Points.Where(p => p.Curve is CurveKind.Cyclic or CurveKind.Decaying).OrderBy(p => p.Method, StringComparer.Ordinal).ThenBy(p => p.Curve.DisplayOrder()).ThenBy(p => p.Point))
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {g.Method} | {g.Curve.ToText()} | {F(g.Epochs, "0.##")} | {Pct(g.Top1)} |");
                for (int m = 2; m <= maxM; m++)
                {
                    var e = r.Ensembles.FirstOrDefault(x => x.Method == g.Method && x.Curve == g.Curve && x.Point == g.Point && x.Members == m);
                    sb.Append(e is null ? " – |" : $" {Pct(e.Top1)} |");
                }

                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Top-1 per duration for every method and curve, with each one-run curve's gap to the standard curve.</summary>
    private static void AccuracyTable(StringBuilder sb, TradeoffResult r, List<CurveKind> curves, List<string> methods)
    {
        sb.Append("\n### Top-1 accuracy (%) per duration, mean ± std over seeds\n\n");
        var gapCurves = r.Gaps.Select(g => g.Curve).Distinct().OrderBy(CurveKinds.DisplayOrder).ToList();
        sb.Append("| method | epochs | ").Append(string.Join(" | ", curves.Select(c => c.ToText()))).Append(gapCurves.Count > 0 ? " | " + string.Join(" | ", gapCurves.Select(c => $"{c.ToText()} - std (pp, ± paired std)")) : "").Append(" |\n");
        sb.Append("|---|---:|").Append(string.Concat(curves.Select(_ => "---:|"))).Append(string.Concat(gapCurves.Select(_ => "---:|"))).Append('\n');
        foreach (string m in methods)
        {
            for (int k = 0; k < r.Durations.Count; k++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {m} | {F(r.Durations[k], "0.##")} |");
                foreach (var c in curves)
                {
                    var p = r.Points.FirstOrDefault(x => x.Method == m && x.Curve == c && x.Point == k);
                    sb.Append(p is null ? " – |" : $" {Pct(p.Top1)} ± {Pct(p.Top1Std)} |");
                }

                foreach (var c in gapCurves)
                {
                    var gap = r.Gaps.FirstOrDefault(g => g.Method == m && g.Curve == c);
                    double spread = gap?.GapStds?[k] ?? double.NaN;
                    sb.Append(CultureInfo.InvariantCulture, $" {Signed(gap?.Gaps[k] ?? double.NaN)}{(double.IsFinite(spread) ? $" ± {F(spread, "0.00")}" : "")} |");
                }
                sb.Append('\n');
            }
        }
    }

    /// <summary>What each curve cost, the predicted and measured standard/one-run cost ratios.</summary>
    private static void CostTable(StringBuilder sb, TradeoffResult r)
    {
        sb.Append("\n### Cost of each curve (per method, mean over seeds; seconds are training steps only)\n\n");
        sb.Append("| method | curve | epochs | seconds | seeds |\n|---|---|---:|---:|---:|\n");
        foreach (var c in r.Costs.OrderBy(c => c.Method, StringComparer.Ordinal).ThenBy(c => c.Curve.DisplayOrder()))
            sb.Append(CultureInfo.InvariantCulture, $"| {c.Method} | {c.Curve.ToText()} | {F(c.Epochs, "0.##")} | {F(c.Seconds, "0.0")} | {c.Seeds}{(c.Complete ? "" : " (incomplete, so far)")} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"\nPredicted standard/cyclic cost ratio (r^n - 1)/((r - 1) r^(n-1)): {F(r.PredictedCostRatio, "0.000")}.\n");
        foreach (var g in r.Costs.GroupBy(c => c.Method))
        {
            var std = g.FirstOrDefault(c => c.Curve == CurveKind.Standard && c.Complete);
            if (std is null) continue;
            foreach (var c in g.Where(c => c.Curve != CurveKind.Standard && c.Complete).OrderBy(c => c.Curve.DisplayOrder()))
                sb.Append(CultureInfo.InvariantCulture, $"Measured standard/{c.Curve.ToText()} for {g.Key}: {F(std.Epochs / c.Epochs, "0.000")} in epochs, {F(std.Seconds / c.Seconds, "0.000")} in seconds.\n");
        }
    }

    /// <summary>tradeoff-points.csv: one row per point of every curve.</summary>
    internal static string Csv(TradeoffResult r) =>
        CsvTable.Write(
            ["method", "curve", "point", "epochs", "top1", "top1_std", "seeds", "cost_epochs", "cost_seconds"],
            r.Points.Select(p => (IReadOnlyList<string>)
            [
                p.Method, p.Curve.ToText(), I(p.Point), D(p.Epochs), D(p.Top1), D(p.Top1Std), I(p.Seeds), D(p.CostEpochs), D(p.CostSeconds),
            ]));

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The report's content as HTML (the verdict, every chart as data the page's script draws with uPlot into
    /// div#tradeoff-charts, the tables as text; every text escaped), which tradeoff.html and the dashboard's tradeoff
    /// section both show. The page calls <c>LRBenchCharts.fromData</c> on it (<see cref="Script"/>).
    /// </summary>
    public static string HtmlBody(StudyRow study, TradeoffResult result, IReadOnlyList<WebChart> charts)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(charts);
        var sb = new StringBuilder("<ul>");
        foreach (string line in result.Verdict) sb.Append("<li>").Append(PageLayout.Escape(line)).Append("</li>");
        sb.Append("</ul>\n<p class=\"muted\">Hover for values; drag to zoom, double-click to reset; click a legend entry to hide it.</p><div id=\"tradeoff-charts\" class=\"lrb-grid\"></div>\n")
          .Append(PageLayout.JsonData("lrb-tradeoff", System.Text.Json.JsonSerializer.Serialize(charts, StudyCharts.Json))).Append('\n');
        return sb.Append("<h3>Tables</h3>\n<pre>").Append(PageLayout.Escape(Markdown(study, result))).Append("</pre>\n").ToString();
    }

    /// <summary>The script that draws <see cref="HtmlBody"/>'s charts (after the chart scripts).</summary>
    public const string Script = "LRBenchCharts.fromData(document.getElementById('tradeoff-charts'), document.getElementById('lrb-tradeoff'));";

    /// <summary>The report's charts as interactive charts' data, in the report's order.</summary>
    public static IReadOnlyList<WebChart> WebCharts(
        StudyRow study, TradeoffResult result, IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<TraceRow> trace)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(result);
        return Charts(study, result, trials, evaluations, trace).WebCharts();
    }

    private static string Html(StudyRow study, TradeoffResult r, IReadOnlyList<WebChart> charts, IReadOnlyList<string> svgs)
    {
        static string E(string s) => PageLayout.Escape(s);
        var body = new StringBuilder(HtmlBody(study, r, charts));
        body.Append("<p class=\"muted\">The charts as files: ").Append(string.Join(", ", svgs.Select(v => $"<a href=\"{E(Path.GetFileName(v))}\">{E(Path.GetFileName(v))}</a>"))).Append(" (and PNG beside them).</p>\n");
        body.Append("<h2>Study definition</h2>\n<pre>").Append(E(study.Definition)).Append("</pre>\n");
        string generated = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return PageLayout.Render($"LRBench tradeoff: {study.Name}", $"<p class=\"muted\">LRBench tradeoff report, generated {E(generated)} UTC (one file; it works offline).</p>",
            body.ToString(), PageAssets.Inline, charts: true, Script);
    }
}
