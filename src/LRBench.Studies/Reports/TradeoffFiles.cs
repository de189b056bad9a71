namespace LRBench.Studies.Reports;

/// <summary>The files a tradeoff report consists of.</summary>
public sealed record TradeoffFiles(string Html, string Markdown, string Csv, IReadOnlyList<string> Charts);
