using LRBench.Reporting;

namespace LRBench.Studies.Reports;

/// <summary>
/// One chart of a tradeoff report, before it is drawn: written as PNG and SVG files by <see cref="TradeoffReport.Write"/>,
/// or drawn as SVG text in memory for the dashboard. Charts that share a <paramref name="Panel"/> are one stacked PNG
/// (each still its own SVG).
/// </summary>
internal sealed record TradeoffChart(string Name, IReadOnlyList<ChartSeries> Series, ChartOptions Options, string? Panel = null);
