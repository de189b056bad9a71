using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Reports;

/// <summary>
/// Writes a study's ranking as Markdown and CSV, plots accuracy and LR against iterations for the top policies, and
/// puts it all in one self-contained HTML file (the plots embedded, no external files needed).
/// </summary>
public static class StudyReport
{
    /// <summary>Writes the report of a study's results into <paramref name="directory"/>; it reads nothing and writes nowhere else.</summary>
    public static ReportFiles Write(StudyResults results, string directory, int top = 5, string sortBy = "top1")
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
        File.WriteAllText(html, Html(study, trials, ranking, accuracy, lr));
        return new ReportFiles(html, md, csv, accuracy, lr);
    }

    private static string Html(StudyRow study, IReadOnlyList<TrialRow> trials, IReadOnlyList<RankedPolicy> ranking, string accuracy, string lr)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        string Img(string path) => $"<img alt=\"{E(Path.GetFileName(path))}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\">";
        var counts = trials.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key.ToText()}");
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(study.Name)).Append(" - LRBench report</title>\n");
        sb.Append("<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:14px}")
          .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:nth-child(2),th:nth-child(2){text-align:left}")
          .Append("img{max-width:100%;display:block;margin:1em 0}pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head><body>\n");
        sb.Append("<h1>LRBench study: ").Append(E(study.Name)).Append("</h1>\n");
        sb.Append("<p>").Append(E($"{trials.Count} trials: {string.Join(", ", counts)}. Generated {TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.")).Append("</p>\n");
        sb.Append("<h2>Ranking</h2>\n<p>Each trial is read at its highest top-1 evaluation (#iter); top-5, AC, CD, CDAC and LD at that same point; mean ± sample std over seeds.</p>\n");
        sb.Append(RankingFormat.ToHtmlTable(ranking, study.TargetAccuracy));
        sb.Append("<h2>Accuracy</h2>\n").Append(Img(accuracy)).Append('\n');
        sb.Append("<h2>Learning rate</h2>\n").Append(Img(lr)).Append('\n');
        sb.Append("<h2>Policies</h2>\n<table><thead><tr><th>rank</th><th>spec</th></tr></thead><tbody>\n");
        foreach (var p in ranking) sb.Append("<tr><td>").Append(p.Rank).Append("</td><td style=\"text-align:left\"><code>").Append(E(p.Spec)).Append("</code></td></tr>\n");
        sb.Append("</tbody></table>\n<h2>Study definition</h2>\n<pre>").Append(E(study.Definition)).Append("</pre>\n</body></html>\n");
        return sb.ToString();
    }
}
