namespace LRBench.Studies.Reports;

/// <summary>Files a suite report is made of; <see cref="CriticalDifference"/> is null while fewer than 2 workloads are complete.</summary>
public sealed record SuiteReportFiles(string Html, string Markdown, string Csv, string StepProfilePlot, string SecondProfilePlot, string? CriticalDifference);
