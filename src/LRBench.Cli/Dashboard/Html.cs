using System.Globalization;
using System.Net;
using System.Text;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// The dashboard's HTML: its pages in LRBench's one layout, tables, and escaping. Every text that comes from the store (names, labels,
/// specs, errors, workers) goes through <see cref="E"/>; nothing else is interpolated into markup.
/// </summary>
internal static class Html
{
    /// <summary>HTML-escaped text.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number for a table cell ("-" when missing).</summary>
    public static string N(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// A whole page in LRBench's one layout (<see cref="LRBench.Reporting.PageLayout"/>): title, a link home, the body,
    /// and the page's own script, marked with <paramref name="nonce"/>: the Content-Security-Policy lets only scripts
    /// with that nonce run, so even text that escaped escaping could run nothing. The stylesheet, and with
    /// <paramref name="charts"/> the chart library and LRBench's chart script, come from /assets/
    /// (<see cref="LRBench.Reporting.WebAssets"/>).
    /// </summary>
    public static string Page(string title, string body, string nonce, string? script = null, bool charts = false) =>
        LRBench.Reporting.PageLayout.Render(title, "<p class=\"muted\"><a href=\"/\">LRBench dashboard</a> (read-only)</p>", body,
            LRBench.Reporting.PageAssets.Linked("/assets/", nonce), charts, script);

    /// <summary>A table from escaped header texts and cells that are already HTML.</summary>
    public static string Table(IEnumerable<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? id = null, bool sortable = false)
    {
        var sb = new StringBuilder(id is null ? "<table>" : $"<table id=\"{id}\">");
        sb.Append("<thead><tr>");
        foreach (string h in headers) sb.Append(sortable ? "<th class=\"sortable\">" : "<th>").Append(E(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (string cell in row) sb.Append(cell);
            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>A cell of escaped text (left-aligned when <paramref name="left"/>).</summary>
    public static string Td(string? text, bool left = false, string? cssClass = null) =>
        $"<td class=\"{(left ? "l " : "")}{cssClass}\">{E(text)}</td>";

    /// <summary>A cell holding a link; the text is escaped, the href is built by the caller from numbers only.</summary>
    public static string TdLink(string href, string text) => $"<td class=\"l\"><a href=\"{href}\">{E(text)}</a></td>";

    /// <summary>
    /// Defines <c>sortable(root)</c>: click a header of a table under <c>root</c> to sort by that column (numbers as
    /// numbers), again to reverse. Pages call it on the document, and again on a fragment they load later.
    /// </summary>
    public const string SortScript = """
        const sortable = (root) => root.querySelectorAll('table th.sortable').forEach((th) => th.addEventListener('click', () => {
          const table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex;
          const asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
          const key = (row) => { const t = row.cells[i].textContent.trim(); const n = parseFloat(t); return isNaN(n) ? t : n; };
          [...body.rows].sort((a, b) => { const x = key(a), y = key(b); return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1); })
            .forEach((r) => body.appendChild(r));
        }));
        """;
}
