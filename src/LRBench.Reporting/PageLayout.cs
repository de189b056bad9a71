using System.Net;
using System.Text;

namespace LRBench.Reporting;

/// <summary>
/// The one page layout of LRBench: the dashboard's pages, report.html, the tradeoff report and the suite report are
/// all this shell around their own body, with one stylesheet (lrbench.css, after uPlot's) and, on pages with charts,
/// one chart script (charts.js, after uPlot). The body and the page script are the caller's: every text from a store
/// in them must already be escaped (<see cref="Escape"/>).
/// </summary>
public static class PageLayout
{
    /// <summary>HTML-escaped text.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A whole page.</summary>
    /// <param name="title">The page's title (text; escaped here).</param>
    /// <param name="header">Markup above the title (a link home, a generation note), or null.</param>
    /// <param name="body">The page's markup.</param>
    /// <param name="assets">Linked or inlined stylesheets and scripts.</param>
    /// <param name="charts">Whether the page draws interactive charts (loads uPlot and charts.js).</param>
    /// <param name="script">The page's own script, run after the chart scripts, or null.</param>
    public static string Render(string title, string? header, string body, PageAssets assets, bool charts = false, string? script = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(assets);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Escape(title)).Append(" - LRBench</title>\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        foreach (string sheet in WebAssets.Stylesheets.Where(s => charts || s == "lrbench.css"))
        {
            if (assets.Inlined) sb.Append("<style>").Append(WebAssets.Text(sheet)).Append("</style>\n");
            else sb.Append("<link rel=\"stylesheet\" href=\"").Append(assets.Prefix).Append(sheet).Append("?v=").Append(WebAssets.Version).Append("\">\n");
        }

        sb.Append("</head><body>\n");
        if (header is not null) sb.Append(header).Append('\n');
        sb.Append("<h1>").Append(Escape(title)).Append("</h1>\n").Append(body).Append('\n');
        string open = assets.Nonce is null ? "<script>" : $"<script nonce=\"{assets.Nonce}\">";
        if (charts)
        {
            foreach (string file in WebAssets.Scripts)
            {
                if (assets.Inlined) sb.Append(open).Append(InlineScript(WebAssets.Text(file)!)).Append("</script>\n");
                else sb.Append("<script nonce=\"").Append(assets.Nonce).Append("\" src=\"").Append(assets.Prefix).Append(file).Append("?v=").Append(WebAssets.Version).Append("\"></script>\n");
            }
        }

        if (script is not null) sb.Append(open).Append(InlineScript(script)).Append("</script>\n");
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>
    /// Data for a page's script, as a JSON script element the script reads with <c>JSON.parse(el.textContent)</c>:
    /// <paramref name="json"/> must come from a serializer that escapes &lt;, &gt; and &amp; (System.Text.Json's
    /// default encoder does), so no text in it can close the element.
    /// </summary>
    public static string JsonData(string id, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(json);
        if (json.Contains('<', StringComparison.Ordinal)) throw new ArgumentException("page data must have < escaped (\\u003C)", nameof(json));
        return $"<script type=\"application/json\" id=\"{Escape(id)}\">{json}</script>";
    }

    // "</script" cannot occur in code outside a string; inside a string "<\/" means the same.
    private static string InlineScript(string code) => code.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
