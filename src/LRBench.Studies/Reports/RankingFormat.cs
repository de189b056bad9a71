using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Studies.Analysis;

namespace LRBench.Studies.Reports;

/// <summary>The ranking as rows of text cells, shared by the terminal table, Markdown, CSV and HTML.</summary>
public static class RankingFormat
{
    /// <summary>
    /// The columns; a task with its own metric (<paramref name="metric"/>) gets a column named after it, after the
    /// loss, and a study with a target accuracy a column of the cost to reach it (without a target there is no cost).
    /// </summary>
    public static IReadOnlyList<string> Headers(double? target, string? metric = null) =>
    [
        "rank", "policy", "#iter", "LD", "top-1 (%)", "top-5 (%)", "AC", "CD", "CDAC", "loss", .. (metric is null ? Array.Empty<string>() : [metric]),
        .. (target is double t ? [string.Create(CultureInfo.InvariantCulture, $"cost to {t * 100:0.##}% (iter / s)")] : Array.Empty<string>()), "seeds",
        "95% CI", "vs best",
    ];

    /// <summary>
    /// A fraction as a percentage with two decimals, the one rule for every table, page and terminal line: the value
    /// times 100, rounded half away from zero (0.45375 is 45.38 everywhere).
    /// </summary>
    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "-" : Math.Round(fraction * 100, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The metric column's name for a ranking (null when its task has no metric of its own).</summary>
    public static string? MetricOf(IReadOnlyList<RankedPolicy> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return ranking.Select(p => p.MetricName).FirstOrDefault(n => n is not null);
    }

    /// <param name="p">The ranked policy.</param>
    /// <param name="withMetric">Whether the task's own metric has a column (<see cref="MetricOf"/> is not null).</param>
    /// <param name="withCost">Whether the study has a target, and so a cost column (<see cref="Headers"/>).</param>
    public static IReadOnlyList<string> Cells(RankedPolicy p, bool withMetric = false, bool withCost = true)
    {
        ArgumentNullException.ThrowIfNull(p);
        string seeds = $"{p.Seeds}" + (p.Pruned > 0 ? $", {p.Pruned} pruned" : "") + (p.Diverged > 0 ? $", {p.Diverged} diverged" : "") + (p.Failed > 0 ? $", {p.Failed} failed" : "");
        string cost = p.ReachedTarget == 0
            ? "not reached"
            : string.Create(CultureInfo.InvariantCulture, $"{p.StepsToTarget.Mean:0} / {p.SecondsToTarget.Mean:0.0}") + (p.ReachedTarget < p.Seeds ? $" ({p.ReachedTarget}/{p.Seeds})" : "");
        return
        [
            p.Rank.ToString(CultureInfo.InvariantCulture), p.Label, F(p.IterAtBest.Mean, "0"), F(p.Ld.Mean, "0.0000"),
            PlusMinus(p.Top1, 100, "0.00"), PlusMinus(p.Top5, 100, "0.00"), F(p.Ac.Mean, "0.0000"), F(p.Cd.Mean, "0.0000"), F(p.Cdac.Mean, "0.0000"),
            PlusMinus(p.Loss, 1, "0.0000"), .. (withMetric ? [PlusMinus(p.Metric, 1, "0.0000")] : Array.Empty<string>()), .. (withCost ? [cost] : Array.Empty<string>()), seeds,
            IntervalCell(p), VersusBestCell(p),
        ];
    }

    /// <summary>The confidence interval of the sorted-by score, in that score's units ("-" with fewer than 2 seeds).</summary>
    public static string IntervalCell(RankedPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!p.Interval.Exists) return "-";
        var (scale, format) = UnitsOf(p.SortKey);
        return $"[{F(p.Interval.Low * scale, format)}, {F(p.Interval.High * scale, format)}]";
    }

    /// <summary>"best", "tied, p=…" or "behind, p=…" (Holm-corrected), or "-" for a setting that could not be tested.</summary>
    public static string VersusBestCell(RankedPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.IsBest) return "best";
        return p.VersusBest is { } v ? (v.Tied ? "tied, " : "behind, ") + PValueText.Of(v.HolmP) : "-";
    }

    /// <summary>
    /// One line saying how many settings tie for first and by which test, so that a reader does not take an order
    /// within noise for a result.
    /// </summary>
    public static string TieLine(IReadOnlyList<RankedPolicy> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var best = ranking.FirstOrDefault(p => p.IsBest);
        if (best is null) return "No setting has all its seeds finished, so none is compared with another.";
        var tested = ranking.Where(p => p.VersusBest is not null).ToList();
        if (tested.Count == 0)
        {
            bool othersFinished = ranking.Any(p => !p.IsBest && p.Diverged + p.Failed + p.Pruned == 0);
            return othersFinished
                ? "With fewer than 2 seeds per setting, no difference can be tested: run more seeds."
                : $"{best.Label} is the only setting whose seeds all finished.";
        }

        int tied = SeedSignificance.TiedForFirst(ranking);
        string test = tested.All(p => p.VersusBest!.Paired) ? "paired t-test over seeds" : "paired t-test over common seeds, Welch's where they differ";
        string level = (SeedSignificance.Alpha).ToString("0.##", CultureInfo.InvariantCulture);
        string how = $"({test}, Holm-corrected, α = {level})";
        int untested = ranking.Count - tested.Count - 1;
        string rest = untested == 0 ? "" : $" {untested} more not tested (a seed pruned, diverged or failed, or fewer than 2 seeds).";
        return (tied == 1
            ? $"1 of {tested.Count + 1} settings is first: {best.Label} is ahead of every other {how}."
            : $"{tied} of {tested.Count + 1} settings tie for first: {best.Label} and {tied - 1} not distinguishable from it {how}.") + rest;
    }

    private static (double Scale, string Format) UnitsOf(string key) => key switch
    {
        "top1" or "top5" => (100, "0.00"),
        "iter" or "cost" => (1, "0"),
        "time" => (1, "0.0"),
        _ => (1, "0.0000"),
    };

    public static string PlusMinus(Stat s, double scale, string format) =>
        s.N == 0 || double.IsNaN(s.Mean) ? "-" : s.N == 1 ? F(s.Mean * scale, format) : $"{F(s.Mean * scale, format)} ± {F(s.Std * scale, format)}";

    private static string F(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The ranking as a Markdown table followed by its <see cref="TieLine"/>.</summary>
    public static string ToMarkdown(IReadOnlyList<RankedPolicy> ranking, double? target)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return ranking.Count == 0 ? ToMarkdownTable(ranking, target) : ToMarkdownTable(ranking, target) + Environment.NewLine + TieLine(ranking) + Environment.NewLine;
    }

    /// <summary>The ranking as a Markdown table alone (for a part of a ranking, whose tie line is the whole ranking's).</summary>
    public static string ToMarkdownTable(IReadOnlyList<RankedPolicy> ranking, double? target)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var sb = new StringBuilder();
        string? metric = MetricOf(ranking);
        var headers = Headers(target, metric);
        sb.AppendLine("| " + string.Join(" | ", headers.Select(h => h.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        sb.AppendLine("|" + string.Join("|", headers.Select((_, i) => i == 1 ? "---" : "---:")) + "|");
        foreach (var p in ranking)
            sb.AppendLine("| " + string.Join(" | ", Cells(p, metric is not null, target is not null).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        return sb.ToString();
    }

    /// <summary>CSV with plain numbers (means and standard deviations in separate columns) for spreadsheets and scripts.</summary>
    public static string ToCsv(IReadOnlyList<RankedPolicy> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        string[] header =
        [
            "rank", "policy", "function", "method", "spec", "seeds", "diverged", "failed", "iter_at_best", "ld", "top1", "top1_std", "top5", "top5_std",
            "ac", "cd", "cdac", "steps_to_target", "seconds_to_target", "reached_target", "loss", "loss_std", "metric", "metric_std", "pruned",
            "sorted_by", "ci_low", "ci_high", "ci_level", "best", "p_vs_best", "p_vs_best_holm", "tied_with_best", "test",
        ];
        return CsvTable.Write(header, ranking.Select(p => (IReadOnlyList<string>)
        [
            N(p.Rank), p.Label, p.Function, p.Method, p.Spec, N(p.Seeds), N(p.Diverged), N(p.Failed),
            R(p.IterAtBest.Mean), R(p.Ld.Mean), R(p.Top1.Mean), R(p.Top1.Std), R(p.Top5.Mean), R(p.Top5.Std), R(p.Ac.Mean), R(p.Cd.Mean), R(p.Cdac.Mean),
            R(p.StepsToTarget.Mean), R(p.SecondsToTarget.Mean), N(p.ReachedTarget), R(p.Loss.Mean), R(p.Loss.Std), R(p.Metric.Mean), R(p.Metric.Std), N(p.Pruned),
            p.SortKey, R(p.Interval.Low), R(p.Interval.High), R(p.Interval.Level), p.IsBest ? "true" : "false",
            R(p.VersusBest?.PValue ?? double.NaN), R(p.VersusBest?.HolmP ?? double.NaN),
            p.IsBest || p.VersusBest is { Tied: true } ? "true" : p.VersusBest is null ? "" : "false",
            p.VersusBest is { } v ? (v.Paired ? "paired-t" : "welch-t") : "",
        ]));

        static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
        static string R(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string ToHtmlTable(IReadOnlyList<RankedPolicy> ranking, double? target) => ToHtmlTable(ranking, target, int.MaxValue);

    /// <summary>
    /// <see cref="ToHtmlTable(IReadOnlyList{RankedPolicy}, double?)"/> with the best <paramref name="maxRows"/> settings
    /// only, and a line saying how many there are: a page shows a large search's head, not 10,000 rows (laying those
    /// out took Chromium seconds). The tie line counts the whole ranking.
    /// </summary>
    public static string ToHtmlTable(IReadOnlyList<RankedPolicy> ranking, double? target, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var sb = new StringBuilder("<table>\n<thead><tr>");
        string? metric = MetricOf(ranking);
        foreach (string h in Headers(target, metric)) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var p in ranking.Take(maxRows))
        {
            sb.Append("<tr>");
            var cells = Cells(p, metric is not null, target is not null);
            // The policy (second column) is the one long text: class "l" lets pages align it left and wrap it.
            for (int i = 0; i < cells.Count; i++) sb.Append(i == 1 ? "<td class=\"l\">" : "<td>").Append(WebUtility.HtmlEncode(cells[i])).Append("</td>");
            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
        if (ranking.Count > maxRows)
        {
            sb.Append("<p class=\"muted\">The best ").Append(maxRows.ToString("N0", CultureInfo.InvariantCulture)).Append(" of ")
                .Append(ranking.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" settings; every one is in <code>lrbench study rank</code>, its CSV and report.html.</p>\n");
        }

        if (ranking.Count > 0) sb.Append("<p class=\"ties\">").Append(WebUtility.HtmlEncode(TieLine(ranking))).Append("</p>\n");
        return sb.ToString();
    }
}
