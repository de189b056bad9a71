namespace LRBench.Reporting;

/// <summary>One line on a chart; with <see cref="PointsOnly"/>, unjoined dots (raw observations under a fitted curve).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Draw the points as unjoined dots.</summary>
    public bool PointsOnly { get; init; }

    /// <summary>A fixed colour (#rrggbb) instead of the palette's next one (e.g. one colour per method).</summary>
    public string? Color { get; init; }

    /// <summary>Draw the line dashed.</summary>
    public bool Dashed { get; init; }

    /// <summary>Draw a marker at every point as well as the line (sparse curves).</summary>
    public bool Markers { get; init; }
}
