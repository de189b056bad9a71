using System.Globalization;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Reports;

/// <summary>
/// Writes a study's ranking as Markdown and CSV, plots accuracy and LR against iterations for the top policies, and
/// puts it all in one self-contained HTML file in the dashboard's layout: with the charts' data
/// (<see cref="StudyCharts.ReportData"/>, read with the results) it draws the dashboard's interactive charts and trial table offline, from
/// data and scripts inlined in the file; without it, the PNG plots.
/// </summary>
public static class StudyReport
{
    /// <summary>Writes the report of a study's results into <paramref name="directory"/>; it reads nothing and writes nowhere else.</summary>
    /// <param name="results">The study's results.</param>
    /// <param name="directory">Where the files go.</param>
    /// <param name="top">How many policies the PNG plots show.</param>
    /// <param name="sortBy">The ranking's sort key.</param>
    /// <param name="charts">The interactive charts' data, read with the results; null for the PNG plots only.</param>
    public static ReportFiles Write(StudyResults results, string directory, int top = 5, string sortBy = "top1", StudyCharts.ReportData? charts = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(directory);
        var (study, trials, evaluations, trace, _) = results;
        var ranking = Ranking.Rank(trials, evaluations, study.TargetAccuracy, sortBy, study.Metric);
        var best = ranking.Take(top).ToList();

        string md = Path.Combine(directory, "ranking.md");
        string csv = Path.Combine(directory, "ranking.csv");
        File.WriteAllText(md, RankingFormat.ToMarkdown(ranking, study.TargetAccuracy));
        File.WriteAllText(csv, RankingFormat.ToCsv(ranking));

        string accuracy = Path.Combine(directory, "accuracy.png");
        string lr = Path.Combine(directory, "learning-rate.png");
        var byTrial = evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.ToList());
        var accuracySeries = best.Select(p =>
        {
            // Mean top-1 over seeds at each evaluation step.
            var points = p.Trials.SelectMany(t => byTrial.TryGetValue(t.Trial.Id, out var e) ? e : [])
                .GroupBy(e => e.Step).OrderBy(g => g.Key).ToList();
            return new ChartSeries($"#{p.Rank} {p.Label}", [.. points.Select(g => (double)g.Key)], [.. points.Select(g => g.Average(e => e.Top1) * 100)]);
        }).ToList();
        LineChart.Save(accuracySeries, accuracy, new ChartOptions
        {
            Title = $"{study.Name}: top-1 of the {best.Count} best policies (mean over seeds)", XLabel = "iteration", YLabel = "top-1 accuracy (%)", LegendLowerRight = true,
        });
        var traceByTrial = trace.GroupBy(r => r.TrialId).ToDictionary(g => g.Key, g => g.ToList());
        var lrSeries = best.Select(p =>
        {
            var rows = p.Trials.Count > 0 && traceByTrial.TryGetValue(p.Trials[0].Trial.Id, out var r) ? r : [];
            return new ChartSeries($"#{p.Rank} {p.Label}", [.. rows.Select(x => (double)x.Step)], [.. rows.Select(x => x.Lr)]);
        }).ToList();
        LineChart.Save(lrSeries, lr, new ChartOptions { Title = $"{study.Name}: learning rate of the {best.Count} best policies", XLabel = "iteration", YLabel = "learning rate" });

        string html = Path.Combine(directory, "report.html");
        File.WriteAllText(html, Html(study, trials, ranking, accuracy, lr, charts));
        return new ReportFiles(html, md, csv, accuracy, lr);
    }

    private static string Html(StudyRow study, IReadOnlyList<TrialRow> trials, IReadOnlyList<RankedPolicy> ranking, string accuracy, string lr, StudyCharts.ReportData? charts)
    {
        static string E(string s) => PageLayout.Escape(s);
        string Img(string path) => $"<img alt=\"{E(Path.GetFileName(path))}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\">";
        var counts = trials.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key.ToText()}");
        string generated = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var sb = new StringBuilder("<div class=\"report\">\n");
        sb.Append("<p>").Append(E($"{trials.Count} trials: {string.Join(", ", counts)}.")).Append("</p>\n");
        sb.Append("<h2>Ranking</h2>\n<p class=\"muted\">Each trial is read at its highest top-1 evaluation (#iter); top-5, AC, CD, CDAC and LD at that same point; mean ± sample std over seeds.</p>\n");
        sb.Append("<div class=\"wide\">").Append(RankingFormat.ToHtmlTable(ranking, study.TargetAccuracy)).Append("</div>\n");
        string? script = null;
        if (charts is not null)
        {
            // The dashboard's study view, drawn by the same script from the same data, read once and inlined.
            sb.Append("<h2>Trials</h2>\n<p id=\"counts\" class=\"muted\"></p><div id=\"trials-host\"></div>\n")
              .Append("<h2>Curves</h2>\n<p class=\"muted\">Hover for values; drag to zoom, double-click to reset; click a legend entry to hide it. Rungs are dashed lines; an x marks where a trial stopped early.</p><div id=\"curves\"></div>\n")
              .Append("<h2>Timeline</h2>\n<div id=\"timeline\"></div>\n")
              .Append(PageLayout.JsonData("lrb-data", System.Text.Json.JsonSerializer.Serialize(charts, StudyCharts.Json))).Append('\n');
            script = """
                const data = JSON.parse(document.getElementById('lrb-data').textContent);
                LRBenchCharts.studyPage(document.getElementById('curves'), { data, trial: null,
                  tableHost: document.getElementById('trials-host'), countsHost: document.getElementById('counts'), timelineHost: document.getElementById('timeline') });
                """;
        }
        else
        {
            sb.Append("<h2>Accuracy</h2>\n").Append(Img(accuracy)).Append('\n');
            sb.Append("<h2>Learning rate</h2>\n").Append(Img(lr)).Append('\n');
        }

        sb.Append("<h2>Policies</h2>\n<table><thead><tr><th>rank</th><th class=\"l\">spec</th></tr></thead><tbody>\n");
        foreach (var p in ranking) sb.Append("<tr><td>").Append(p.Rank).Append("</td><td class=\"l\"><code>").Append(E(p.Spec)).Append("</code></td></tr>\n");
        sb.Append("</tbody></table>\n<h2>Study definition</h2>\n<pre>").Append(E(study.Definition)).Append("</pre>\n</div>");
        string header = $"<p class=\"muted\">LRBench study report, generated {E(generated)} UTC (one file; it works offline).</p>";
        return PageLayout.Render($"LRBench study: {study.Name}", header, sb.ToString(), PageAssets.Inline, charts: charts is not null, script);
    }
}
