using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Studies.Analysis;

namespace LRBench.Studies.Reports;

/// <summary>
/// Demšar's critical-difference diagram as SVG: the policies' mean ranks on an axis (best on the left), the critical
/// difference drawn above it, and a thick bar under every maximal group of policies whose mean ranks differ by less
/// than the critical difference (the policies it cannot tell apart).
/// </summary>
public static class CriticalDifferenceDiagram
{
    /// <summary>The groups of policies (indices into the test's order) not distinguished: maximal runs, in rank order, spanning less than the critical difference.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Cliques(FriedmanResult test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var order = Enumerable.Range(0, test.Policies).OrderBy(i => test.MeanRanks[i]).ToList();
        var runs = new List<(int From, int To)>();
        for (int a = 0; a < order.Count; a++)
        {
            int b = a;
            while (b + 1 < order.Count && test.MeanRanks[order[b + 1]] - test.MeanRanks[order[a]] < test.CriticalDifference) b++;
            // A run inside the previous one adds nothing; a single policy is no group.
            if (b > a && (runs.Count == 0 || b > runs[^1].To)) runs.Add((a, b));
        }

        return [.. runs.Select(r => (IReadOnlyList<int>)[.. order.Skip(r.From).Take(r.To - r.From + 1)])];
    }

    /// <summary>The diagram of <paramref name="test"/> with the policies' names.</summary>
    public static string Svg(FriedmanResult test, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != test.Policies) throw new ArgumentException($"{names.Count} names for {test.Policies} policies");
        int k = test.Policies;
        var order = Enumerable.Range(0, k).OrderBy(i => test.MeanRanks[i]).ToList();
        int left = (k + 1) / 2;
        var cliques = Cliques(test);
        // Labels hang left and right of the axis; the margins are sized to them (about 7.2 px a character at 13 px).
        string Text(int i) => $"{names[i]} ({test.MeanRanks[i].ToString("0.00", CultureInfo.InvariantCulture)})";
        double leftText = order.Take(left).Max(i => Text(i).Length) * 7.2, rightText = order.Skip(left).Select(i => Text(i).Length).DefaultIfEmpty(0).Max() * 7.2;
        const double axisY = 80, rowHeight = 22, axisLength = 500;
        double axisLeft = Math.Max(150, leftText + 40), axisRight = axisLeft + axisLength, width = axisRight + Math.Max(150, rightText + 40);
        double X(double rank) => axisLeft + ((rank - 1) / Math.Max(1, k - 1) * (axisRight - axisLeft));
        double cliqueTop = axisY + 14;
        double labelTop = cliqueTop + (cliques.Count * 8) + 14;
        double height = labelTop + (Math.Max(left, k - left) * rowHeight) + 20;
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        // The critical difference, to scale, above the axis.
        double cd = test.CriticalDifference / Math.Max(1, k - 1) * (axisRight - axisLeft);
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(axisLeft)}\" y1=\"25\" x2=\"{F(axisLeft + cd)}\" y2=\"25\" stroke=\"black\" stroke-width=\"2\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(axisLeft + (cd / 2))}\" y=\"18\" text-anchor=\"middle\">CD = {test.CriticalDifference.ToString("0.###", CultureInfo.InvariantCulture)} (Nemenyi, alpha = {test.Alpha.ToString("0.###", CultureInfo.InvariantCulture)})</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(axisLeft)}\" y1=\"{F(axisY)}\" x2=\"{F(axisRight)}\" y2=\"{F(axisY)}\" stroke=\"black\"/>\n");
        for (int r = 1; r <= k; r++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(r))}\" y1=\"{F(axisY - 6)}\" x2=\"{F(X(r))}\" y2=\"{F(axisY)}\" stroke=\"black\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(r))}\" y=\"{F(axisY - 10)}\" text-anchor=\"middle\">{r}</text>\n");
        }

        for (int c = 0; c < cliques.Count; c++)
        {
            double y = cliqueTop + (c * 8);
            double x1 = X(test.MeanRanks[cliques[c][0]]) - 4, x2 = X(test.MeanRanks[cliques[c][^1]]) + 4;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x1)}\" y1=\"{F(y)}\" x2=\"{F(x2)}\" y2=\"{F(y)}\" stroke=\"#d62728\" stroke-width=\"4\"/>\n");
        }

        for (int n = 0; n < k; n++)
        {
            int i = order[n];
            bool onLeft = n < left;
            int row = onLeft ? n : k - 1 - n;
            double x = X(test.MeanRanks[i]), y = labelTop + (row * rowHeight);
            double end = onLeft ? axisLeft - 20 : axisRight + 20;
            sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{F(x)},{F(axisY)} {F(x)},{F(y)} {F(end)},{F(y)}\" fill=\"none\" stroke=\"#555\"/>");
            string text = Text(i);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(onLeft ? end - 4 : end + 4)}\" y=\"{F(y + 4)}\" text-anchor=\"{(onLeft ? "end" : "start")}\">{E(text)}</text>\n");
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
