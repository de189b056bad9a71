using ScottPlot;

namespace LRBench.Reporting;

/// <summary>
/// Renders line charts to PNG or SVG (chosen by the file extension) with ScottPlot, headless.
/// Log scale plots log10 of the values with decade ticks labelled in the original units; non-positive values are
/// left out of a log chart (they have no logarithm) rather than drawn wrongly.
/// </summary>
public static class LineChart
{
    private static readonly string[] Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    /// <summary>Draws <paramref name="series"/> on one chart and writes it to <paramref name="path"/>: SVG for a <c>.svg</c> name, PNG otherwise.</summary>
    public static void Save(IReadOnlyList<ChartSeries> series, string path, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new ChartOptions();
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
            throw new ArgumentException($"output file must end in .png or .svg (got '{path}')", nameof(path));

        var plot = Build(series, options, svg: extension == ".svg");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (extension == ".png") plot.SavePng(path, options.Width, options.Height);
        else plot.SaveSvg(path, options.Width, options.Height);
    }

    /// <summary>
    /// The chart as PNG bytes, for pages that embed it as a data URI: the text is drawn with the fonts it was measured
    /// with, so a legend beside the chart fits its box (in SVG the browser's own font may overflow it).
    /// </summary>
    public static byte[] Png(IReadOnlyList<ChartSeries> series, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new ChartOptions();
        return Build(series, options).GetImageBytes(options.Width, options.Height, ScottPlot.ImageFormat.Png);
    }

    /// <summary>The chart as an SVG document (for pages that embed it, such as the dashboard).</summary>
    public static string Svg(IReadOnlyList<ChartSeries> series, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new ChartOptions();
        return Scalable(Build(series, options, svg: true).GetSvgHtml(options.Width, options.Height), options.Width, options.Height);
    }

    /// <summary>
    /// Gives ScottPlot's root element a viewBox, so that a page narrower than the chart scales it down (with
    /// <c>max-width: 100%; height: auto</c>) instead of cutting its right side, where the legend may be.
    /// </summary>
    internal static string Scalable(string svg, int width, int height)
    {
        int end = svg.IndexOf('>', StringComparison.Ordinal);
        if (!svg.StartsWith("<svg", StringComparison.Ordinal) || end < 0 || svg.AsSpan(0, end).Contains("viewBox", StringComparison.Ordinal)) return svg;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{svg[..end]} viewBox=\"0 0 {width} {height}\"{svg[end..]}");
    }

    /// <summary>A ScottPlot plot of the series, styled like every LRBench chart (also used for the panels of <see cref="PanelChart"/>).</summary>
    /// <remarks>SVG output draws dashed series solid: SkiaSharp's SVG canvas has no path effects (it prints a warning per line and ignores them).</remarks>
    internal static Plot Build(IReadOnlyList<ChartSeries> series, ChartOptions options, bool svg = false)
    {
        var plot = new Plot();
        foreach (var band in options.Bands)
        {
            var fill = plot.Add.FillY([.. band.X], [.. band.Low], [.. band.High]);
            fill.FillColor = Color.FromHex("#1f77b4").WithAlpha(0.2);
            fill.LineColor = Colors.Transparent;
            fill.LegendText = band.Label;
        }

        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var (xs, ys) = options.LogY ? PositiveLog(s) : ([.. s.X], [.. s.Y]);
            if (options.LogX)
            {
                var keep = Enumerable.Range(0, xs.Length).Where(k => xs[k] > 0 && double.IsFinite(xs[k])).ToArray();
                ys = [.. keep.Select(k => ys[k])];
                xs = [.. keep.Select(k => Math.Log10(xs[k]))];
            }

            if (s.PointsOnly)
            {
                var dots = plot.Add.ScatterPoints(xs, ys, Color.FromHex(Palette[i % Palette.Length]).WithAlpha(0.35));
                dots.MarkerSize = 3;
                dots.LegendText = s.Label;
                continue;
            }

            var line = plot.Add.ScatterLine(xs, ys, Color.FromHex(s.Color ?? Palette[i % Palette.Length]));
            line.LineWidth = 2;
            line.LegendText = s.Label;
            if (s.Dashed && !svg) line.LinePattern = LinePattern.Dashed;
            if (s.Markers) line.MarkerSize = 7;
        }

        SetTicks(plot, options);

        for (int m = 0; m < options.Markers.Count; m++)
        {
            var (label, x) = options.Markers[m];
            if (options.LogX && !(x > 0)) continue;
            var line = plot.Add.VerticalLine(options.LogX ? Math.Log10(x) : x, 1.5f, Color.FromHex(Palette[(series.Count + m) % Palette.Length]));
            if (!svg) line.LinePattern = LinePattern.Dashed;
            line.LegendText = label;
        }

        if (options.YRange is (double low, double high) && !options.LogY && high > low) plot.Axes.SetLimitsY(low, high);

        plot.Title(options.Title);
        plot.XLabel(options.XLabel + (options.LogX ? " (log scale)" : ""));
        plot.YLabel(options.YLabel + (options.LogY ? " (log scale)" : ""));
        if (series.Count > 1 || options.Markers.Count > 0 || options.Bands.Count > 0 || series.Any(s => s.Label.Length > 0))
        {
            if (options.LegendOutside) plot.ShowLegend(Edge.Right);
            else plot.ShowLegend(options.LegendLowerRight ? Alignment.LowerRight : Alignment.UpperRight);
        }

        return plot;
    }

    /// <summary>Log-scale ticks labelled with the values (not their logarithms), and the chosen x ticks when given.</summary>
    private static void SetTicks(Plot plot, ChartOptions options)
    {
        if (options.LogY)
        {
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
            plot.Axes.Left.TickGenerator = ticks;
        }

        if (options.XTicks.Count > 0)
        {
            var ticks = options.XTicks.Where(x => !options.LogX || x > 0).ToList();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. ticks.Select(x => options.LogX ? Math.Log10(x) : x)],
                [.. ticks.Select(x => x.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))]);
        }
        else if (options.LogX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = x => Math.Pow(10, x).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    private static (double[] X, double[] Y) PositiveLog(ChartSeries s)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < Math.Min(s.X.Count, s.Y.Count); i++)
        {
            if (s.Y[i] > 0 && double.IsFinite(s.Y[i]))
            {
                xs.Add(s.X[i]);
                ys.Add(Math.Log10(s.Y[i]));
            }
        }

        return ([.. xs], [.. ys]);
    }
}
