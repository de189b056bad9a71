namespace LRBench.Reporting;

/// <summary>One panel of a stacked chart: its own series, axis labels and scale.</summary>
public sealed record ChartPanel(IReadOnlyList<ChartSeries> Series, ChartOptions Options);
