using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Analysis;

namespace LRBench.Studies.Reports;

/// <summary>
/// Writes a suite's scores across workloads: a Markdown and a CSV table, the performance profiles (steps and
/// seconds to target) as PNG, the critical-difference diagram as SVG, and one self-contained HTML file with all of it.
/// </summary>
public static class SuiteReport
{
    /// <summary>Writes the report into <paramref name="directory"/>; it reads nothing and writes nowhere else.</summary>
    public static SuiteReportFiles Write(SuiteResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string md = Path.Combine(directory, "suite.md");
        string csv = Path.Combine(directory, "suite.csv");
        string steps = Path.Combine(directory, "profile-steps.png");
        string seconds = Path.Combine(directory, "profile-seconds.png");
        string html = Path.Combine(directory, "report.html");
        string? cd = result.Ranks is null ? null : Path.Combine(directory, "critical-difference.svg");

        File.WriteAllText(md, Markdown(result));
        File.WriteAllText(csv, Csv(result));
        // The profiles as images in their files, and interactive in report.html, from the same series.
        File.WriteAllBytes(steps, ProfilePng(result, inSeconds: false));
        File.WriteAllBytes(seconds, ProfilePng(result, inSeconds: true));
        if (cd is not null) File.WriteAllText(cd, CriticalDifferenceDiagram.Svg(result.Ranks!, result.PolicyNames));
        File.WriteAllText(html, Html(result, ProfileCharts(result)));
        return new SuiteReportFiles(html, md, csv, steps, seconds, cd);
    }

    /// <summary>The step function ρ(τ) of one profile on [1, τ_max], as chart points.</summary>
    public static (IReadOnlyList<double> X, IReadOnlyList<double> Y) ProfileCurve(PerformanceProfile profile, double tauMax)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var xs = new List<double> { 1 };
        var ys = new List<double> { profile.At(1) };
        foreach (double r in profile.Ratios.Where(r => r > 1 && r <= tauMax).Distinct().Order())
        {
            xs.Add(r);
            ys.Add(ys[^1]);
            xs.Add(r);
            ys.Add(profile.At(r));
        }

        xs.Add(tauMax);
        ys.Add(profile.At(tauMax));
        return (xs, ys);
    }

    private static byte[] ProfilePng(SuiteResult result, bool inSeconds)
    {
        var (series, options) = ProfileChart(result, inSeconds);
        return LineChart.Png(series, options);
    }

    /// <summary>
    /// The performance profiles of steps and of training seconds to target as interactive charts (the same series as
    /// the PNG files), for the pages that show them: report.html and the dashboard's suite page, drawn by
    /// <see cref="ProfileScript"/> into div#suite-profiles.
    /// </summary>
    public static string ProfileCharts(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<WebChart> charts = [.. new[] { false, true }.Select(inSeconds =>
        {
            var (series, options) = ProfileChart(result, inSeconds);
            return WebChart.From(inSeconds ? "profile-seconds" : "profile-steps", series, options, stepped: true);
        })];
        return "<p class=\"muted\">Hover for values; drag to zoom, double-click to reset; click a legend entry to hide a policy.</p><div id=\"suite-profiles\" class=\"lrb-grid\"></div>\n"
            + PageLayout.JsonData("lrb-profiles", System.Text.Json.JsonSerializer.Serialize(charts, StudyCharts.Json));
    }

    /// <summary>The script that draws <see cref="ProfileCharts"/> (after the chart scripts).</summary>
    public const string ProfileScript = "LRBenchCharts.fromData(document.getElementById('suite-profiles'), document.getElementById('lrb-profiles'));";

    private static (List<ChartSeries> Series, ChartOptions Options) ProfileChart(SuiteResult result, bool inSeconds)
    {
        var profiles = inSeconds ? result.SecondProfiles : result.StepProfiles;
        string unit = inSeconds ? "training seconds" : "steps";
        var series = SuiteFormat.Order(result).Where(i => i < profiles.Count).Select(i =>
        {
            var (x, y) = ProfileCurve(profiles[i], result.Suite.TauMax);
            string never = profiles[i].NeverReached > 0 ? $", never on {profiles[i].NeverReached}" : "";
            return new ChartSeries(string.Create(CultureInfo.InvariantCulture, $"{result.PolicyNames[i]} (area {profiles[i].Area:0.000}{never})"), x, y);
        }).ToList();
        if (series.Count == 0) series.Add(new ChartSeries("no complete workload yet", [1, result.Suite.TauMax], [0, 0]));
        return (series, new ChartOptions
        {
            Title = $"{result.Suite.Name}: performance profiles, {unit} to target over {result.CompleteWorkloads.Count} workloads",
            XLabel = $"tau: within tau times the fastest policy's {unit}",
            YLabel = "fraction of workloads",
            YRange = (-0.02, 1.02),
            LegendOutside = true,
            Width = 1400,
            Height = Math.Max(560, 200 + (22 * series.Count)), // the legend beside the chart lists every policy
        });
    }

    /// <summary>The report as Markdown: workloads, then the policies across them.</summary>
    public static string Markdown(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.Append("# Suite ").Append(result.Suite.Name).Append("\n\n");
        sb.Append("| workload | study | score | target | target rule | seeds finished |\n|---|---|---|---:|---|---:|\n");
        foreach (var w in result.Workloads)
        {
            var (done, planned) = w.Progress;
            sb.Append(CultureInfo.InvariantCulture, $"| {Cell(w.Name)} | {Cell(w.Study)} | {Cell(w.ScoreName)}{(w.HigherIsBetter ? " (higher is better)" : " (lower is better)")} | {SuiteFormat.Target(w)} | {Cell(w.TargetRule)} | {done}/{planned} |\n");
        }

        sb.Append("\n| policy | mean rank | profile area (steps) | profile area (seconds) |");
        foreach (var w in result.Workloads) sb.Append(' ').Append(Cell(w.Name)).Append(" | steps to target |");
        sb.Append("\n|---|---:|---:|---:|").Append(string.Concat(result.Workloads.Select(_ => "---:|---:|"))).Append('\n');
        foreach (int i in SuiteFormat.Order(result))
        {
            sb.Append("| ").Append(Cell(result.PolicyNames[i])).Append(" | ")
              .Append(result.Ranks is { } r ? r.MeanRanks[i].ToString("0.00", CultureInfo.InvariantCulture) : "-").Append(" | ")
              .Append(i < result.StepProfiles.Count ? SuiteFormat.Number(result.StepProfiles[i].Area) : "-").Append(" | ")
              .Append(i < result.SecondProfiles.Count ? SuiteFormat.Number(result.SecondProfiles[i].Area) : "-").Append(" |");
            foreach (var w in result.Workloads)
                sb.Append(' ').Append(Cell(SuiteFormat.Score(w, w.Policies[i]))).Append(" | ").Append(SuiteFormat.Time(w.Policies[i].StepsToTarget)).Append(" |");
            sb.Append('\n');
        }

        sb.Append('\n').Append(SuiteFormat.RankTest(result)).Append('\n');
        if (result.Checks.Count > 0)
        {
            sb.Append('\n').Append(SuiteFormat.CheckSummary(result)).Append("\n\n");
            sb.Append("| held out | recommended from (similarity) | recommended | its rank | regret | best on average | its rank | regret |\n|---|---|---|---:|---:|---|---:|---:|\n");
            foreach (var c in result.Checks)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {Cell(c.Workload)} | {Cell(SuiteFormat.Evidence(c))} | {Cell(result.PolicyNames[c.Recommended])} | {c.Rank:0.#} | {SuiteFormat.Regret(result, c, c.Regret)} | {Cell(result.PolicyNames[c.BestOnAverage])} | {c.AverageRank:0.#} | {SuiteFormat.Regret(result, c, c.AverageRegret)} |\n");
            }
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"\nProfiles: for each policy, the fraction of the {result.CompleteWorkloads.Count} complete workloads on which its median seed reached the target within tau times the fastest policy's time; the area is taken over [1, {result.Suite.TauMax:0.##}] and divided by {result.Suite.TauMax - 1:0.##} (1: fastest everywhere).\n");
        return sb.ToString();
    }

    /// <summary>One row per policy and workload.</summary>
    public static string Csv(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string N(double v) => double.IsPositiveInfinity(v) ? "inf" : double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
        var complete = result.CompleteWorkloads.Select(w => w.Name).ToList();
        var rows = from w in result.Workloads
                   from p in w.Policies
                   let j = complete.IndexOf(w.Name)
                   select (IReadOnlyList<string>)
                   [
                       w.Name, w.Study, w.ScoreName, w.HigherIsBetter ? "higher" : "lower", N(w.Target), p.Policy.ToString(CultureInfo.InvariantCulture),
                       result.PolicyNames[p.Policy], p.Label, p.Seeds.ToString(CultureInfo.InvariantCulture), p.Finished.ToString(CultureInfo.InvariantCulture),
                       p.Diverged.ToString(CultureInfo.InvariantCulture), p.Failed.ToString(CultureInfo.InvariantCulture), N(p.Score.Mean), N(p.Score.Std),
                       p.Reached.ToString(CultureInfo.InvariantCulture), N(p.StepsToTarget), N(p.SecondsToTarget),
                       j >= 0 && p.Policy < result.StepProfiles.Count ? N(result.StepProfiles[p.Policy].Ratios[j]) : "",
                       result.Ranks is not null && j >= 0 ? N(SuiteAnalysis.RanksOn(w)[p.Policy]) : "",
                   ];
        return CsvTable.Write(
            ["workload", "study", "score", "direction", "target", "policy_index", "policy", "label", "seeds", "finished", "diverged", "failed",
             "score_mean", "score_std", "seeds_reached", "steps_to_target", "seconds_to_target", "step_ratio", "rank"], rows);
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Html(SuiteResult result, string profiles)
    {
        // The dashboard's suite page in the one layout, with the stylesheet inlined.
        return PageLayout.Render($"LRBench suite: {result.Suite.Name}", "<p class=\"muted\">LRBench suite report (one file; it works offline).</p>",
            "<div class=\"suite\">" + HtmlBody(result, profiles) + "</div>", PageAssets.Inline, charts: true, ProfileScript);
    }

    /// <summary>
    /// The report's content as an HTML fragment (every text escaped), which report.html and the dashboard's suite page
    /// both show: workloads, policies across them, the rank test with its critical-difference diagram, the
    /// recommendation check, and the profile charts given as HTML (<see cref="ProfileCharts"/>).
    /// </summary>
    public static string HtmlBody(SuiteResult result, string profiles)
    {
        ArgumentNullException.ThrowIfNull(result);
        string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<p>").Append(E(string.Create(CultureInfo.InvariantCulture,
            $"{result.Workloads.Count} workloads ({result.CompleteWorkloads.Count} complete), {result.PolicyNames.Count} policies. Generated {TimeProvider.System.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm} UTC."))).Append("</p>\n");
        sb.Append("<h2>Workloads</h2>\n<table><thead><tr><th>workload</th><th>study</th><th>score</th><th>target</th><th>target rule</th><th>seeds finished</th></tr></thead><tbody>\n");
        foreach (var w in result.Workloads)
        {
            var (done, planned) = w.Progress;
            sb.Append("<tr><td>").Append(E(w.Name)).Append("</td><td>").Append(E(w.Study)).Append("</td><td>").Append(E(w.ScoreName + (w.HigherIsBetter ? " (higher is better)" : " (lower is better)")))
              .Append("</td><td>").Append(E(SuiteFormat.Target(w))).Append("</td><td>").Append(E(w.TargetRule)).Append("</td><td>")
              .Append(done.ToString(CultureInfo.InvariantCulture)).Append('/').Append(planned.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table>\n<h2>Policies across workloads</h2>\n<table><thead><tr><th>policy</th><th>mean rank</th><th>profile area (steps)</th><th>profile area (seconds)</th>");
        foreach (var w in result.Workloads) sb.Append("<th>").Append(E(w.Name)).Append("</th><th>steps to target</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (int i in SuiteFormat.Order(result))
        {
            sb.Append("<tr><td>").Append(E(result.PolicyNames[i])).Append("</td><td>")
              .Append(result.Ranks is { } r ? r.MeanRanks[i].ToString("0.00", CultureInfo.InvariantCulture) : "-").Append("</td><td>")
              .Append(i < result.StepProfiles.Count ? SuiteFormat.Number(result.StepProfiles[i].Area) : "-").Append("</td><td>")
              .Append(i < result.SecondProfiles.Count ? SuiteFormat.Number(result.SecondProfiles[i].Area) : "-").Append("</td>");
            foreach (var w in result.Workloads)
                sb.Append("<td>").Append(E(SuiteFormat.Score(w, w.Policies[i]))).Append("</td><td>").Append(E(SuiteFormat.Time(w.Policies[i].StepsToTarget))).Append("</td>");
            sb.Append("</tr>\n");
        }

        sb.Append("</tbody></table>\n<h2>Are the differences real?</h2>\n<p>").Append(E(SuiteFormat.RankTest(result))).Append("</p>\n");
        if (result.Ranks is { } ranks) sb.Append(CriticalDifferenceDiagram.Svg(ranks, result.PolicyNames));
        sb.Append("<h2>Would the recommendations have been right?</h2>\n<p>").Append(E(SuiteFormat.CheckSummary(result))).Append("</p>\n");
        if (result.Checks.Count > 0)
        {
            sb.Append("<table><thead><tr><th>held out</th><th>recommended from (similarity)</th><th>recommended</th><th>its rank</th><th>regret</th><th>its rank if the best on average</th><th>regret</th></tr></thead><tbody>\n");
            foreach (var c in result.Checks)
            {
                sb.Append("<tr><td>").Append(E(c.Workload)).Append("</td><td>").Append(E(SuiteFormat.Evidence(c))).Append("</td><td>")
                  .Append(E(result.PolicyNames[c.Recommended])).Append("</td><td>").Append(c.Rank.ToString("0.#", CultureInfo.InvariantCulture)).Append("</td><td>")
                  .Append(SuiteFormat.Regret(result, c, c.Regret)).Append("</td><td>").Append(c.AverageRank.ToString("0.#", CultureInfo.InvariantCulture)).Append("</td><td>")
                  .Append(SuiteFormat.Regret(result, c, c.AverageRegret)).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table>\n");
        }

        sb.Append("<h2>Performance profiles</h2>\n<p>").Append(E(string.Create(CultureInfo.InvariantCulture,
            $"For each policy, the fraction of complete workloads on which its median seed reached the target within tau times the fastest policy; the area over [1, {result.Suite.TauMax:0.##}] is the score (1: fastest everywhere, 0: never within tau_max)."))).Append("</p>\n");
        sb.Append(profiles).Append('\n');
        return sb.ToString();
    }
}
