using System.Globalization;
using System.Net;
using System.Text;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// The dashboard's HTML: one layout, tables, and escaping. Every text that comes from the store (names, labels,
/// specs, errors, workers) goes through <see cref="E"/>; nothing else is interpolated into markup.
/// </summary>
internal static class Html
{
    /// <summary>HTML-escaped text.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number for a table cell ("-" when missing).</summary>
    public static string N(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// A whole page: title, a link home, the body, and the page's own script, marked with <paramref name="nonce"/>:
    /// the Content-Security-Policy lets only that script run, so even text that escaped escaping could run nothing.
    /// With <paramref name="charts"/>, the page also loads the chart library and LRBench's chart script from
    /// /assets/ (<see cref="LRBench.Reporting.WebAssets"/>), marked with the same nonce.
    /// </summary>
    public static string Page(string title, string body, string nonce, string? script = null, bool charts = false) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}} - LRBench</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
        a{color:#1f5fa8;text-decoration:none} a:hover{text-decoration:underline}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.85rem}
        th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right;white-space:nowrap}
        th{background:#f2f2f2;cursor:default;white-space:normal} th.sortable{cursor:pointer}
        td.l,th.l{text-align:left}
        td.l{white-space:normal;overflow-wrap:anywhere}
        .status-running{color:#b36b00;font-weight:600} .status-completed{color:#1a7f37} .status-pruned,.status-paused{color:#777}
        .status-failed,.status-diverged{color:#c62828}
        .charts{display:flex;flex-wrap:wrap;gap:1rem} .charts svg{max-width:100%;height:auto;border:1px solid #eee} .suite svg,.suite img{max-width:100%;height:auto;display:block} .suite table{display:block;overflow-x:auto;max-width:100%}
        .muted{color:#777;font-size:.85rem}
        </style>{{(charts ? string.Concat(LRBench.Reporting.WebAssets.Stylesheets.Select(s => $"<link rel=\"stylesheet\" href=\"/assets/{s}\">")) : "")}}</head>
        <body><p class="muted"><a href="/">LRBench dashboard</a> (read-only)</p>
        <h1>{{E(title)}}</h1>
        {{body}}
        {{(charts ? string.Concat(LRBench.Reporting.WebAssets.Scripts.Select(s => $"<script nonce=\"{nonce}\" src=\"/assets/{s}\"></script>")) : "")}}
        {{(script is null ? "" : $"<script nonce=\"{nonce}\">" + script + "</script>")}}
        </body></html>
        """;

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
