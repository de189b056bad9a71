namespace LRBench.Reporting;

/// <summary>One series of an interactive chart (<see cref="WebChart"/>): non-finite values are null, a gap in the line.</summary>
/// <param name="Key">What identifies it across redraws.</param>
/// <param name="Label">Its legend entry (text, never markup).</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values.</param>
public sealed record WebSeries(string Key, string Label, IReadOnlyList<double> X, IReadOnlyList<double?> Y)
{
    /// <summary>Unjoined dots.</summary>
    public bool PointsOnly { get; init; }

    /// <summary>A fixed colour (#rrggbb), or null for the palette's.</summary>
    public string? Color { get; init; }

    /// <summary>A dashed line.</summary>
    public bool Dashed { get; init; }

    /// <summary>A step function: each value holds until the next x (performance profiles).</summary>
    public bool Stepped { get; init; }
}
