namespace LRBench.Reporting;

/// <summary>
/// A line chart as the interactive charts draw it (charts.js <c>lineChart</c>, uPlot), serialised to JSON with camelCase
/// names: the same series and options as a ScottPlot chart (<see cref="From"/>), so a report's PNG/SVG and the
/// dashboard's interactive chart show the same data.
/// </summary>
/// <param name="Id">The chart's id (its element and its handle in <c>window.lrbench.charts</c>).</param>
/// <param name="Title">Its title.</param>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="XLog">A log x axis.</param>
/// <param name="LogToggle">Offer a log y axis.</param>
/// <param name="Points">Draw points on the lines (off for dense series).</param>
/// <param name="Series">The series.</param>
/// <param name="Vlines">Labelled vertical lines.</param>
public sealed record WebChart(
    string Id, string Title, string XLabel, string YLabel, bool XLog, bool LogToggle, bool Points, IReadOnlyList<WebSeries> Series, IReadOnlyList<WebLine> Vlines)
{
    /// <summary>
    /// The interactive version of a ScottPlot chart's <paramref name="series"/> and <paramref name="options"/>; with
    /// <paramref name="stepped"/>, every series is a step function (drawn flat to each next x, then up or down).
    /// </summary>
    public static WebChart From(string id, IReadOnlyList<ChartSeries> series, ChartOptions options, bool logToggle = false, bool stepped = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        bool dense = series.Any(s => s.X.Count > 200);
        return new WebChart(id, options.Title, options.XLabel, options.YLabel, options.LogX, logToggle, Points: !dense,
            [.. series.Where(s => s.Label.Length > 0).Select((s, i) => new WebSeries($"{i}", s.Label, s.X, [.. s.Y.Select(v => double.IsFinite(v) ? v : (double?)null)])
            {
                PointsOnly = s.PointsOnly, Color = s.Color, Dashed = s.Dashed, Stepped = stepped,
            })],
            [.. options.Markers.Where(m => double.IsFinite(m.X) && (!options.LogX || m.X > 0)).Select(m => new WebLine(m.X, m.Label))]);
    }
}
