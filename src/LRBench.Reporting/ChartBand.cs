namespace LRBench.Reporting;

/// <summary>A shaded region between two curves (a confidence band), drawn under the lines.</summary>
public sealed record ChartBand(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Low, IReadOnlyList<double> High);
