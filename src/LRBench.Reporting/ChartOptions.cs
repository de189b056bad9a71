namespace LRBench.Reporting;

/// <summary>How a line chart looks.</summary>
public sealed record ChartOptions
{
    /// <summary>The title above the chart; empty for none.</summary>
    public string Title { get; init; } = "";
    /// <summary>The x axis label.</summary>
    public string XLabel { get; init; } = "step";
    /// <summary>The y axis label.</summary>
    public string YLabel { get; init; } = "learning rate";
    /// <summary>Log scale on the y axis.</summary>
    public bool LogY { get; init; }

    /// <summary>Put the legend in the lower right corner (for curves that end high, such as accuracy).</summary>
    public bool LegendLowerRight { get; init; }

    /// <summary>Put the legend outside the data, right of the chart (for many series that fill the whole area, such as performance profiles).</summary>
    public bool LegendOutside { get; init; }

    /// <summary>Log scale on the x axis (e.g. loss against learning rate in a range test).</summary>
    public bool LogX { get; init; }

    /// <summary>
    /// Labelled x ticks at these values (the data's units) instead of automatic ones: for a log axis whose data span
    /// less than a decade or two, where decade ticks would leave it almost bare (tradeoff durations 2, 4, ... 32).
    /// </summary>
    public IReadOnlyList<double> XTicks { get; init; } = [];

    /// <summary>Labelled vertical lines, at x values in the data's units.</summary>
    public IReadOnlyList<(string Label, double X)> Markers { get; init; } = [];

    /// <summary>
    /// The y range shown (linear axes only); null to fit the data. Values outside are cut off, so that one spike (a
    /// loss of thousands before a divergence) does not flatten everything else.
    /// </summary>
    public (double Low, double High)? YRange { get; init; }

    /// <summary>Shaded bands (linear axes only).</summary>
    public IReadOnlyList<ChartBand> Bands { get; init; } = [];
    /// <summary>The image width in pixels.</summary>
    public int Width { get; init; } = 1000;
    /// <summary>The image height in pixels.</summary>
    public int Height { get; init; } = 560;
}
