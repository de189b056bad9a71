namespace LRBench.Studies.Reports;

/// <summary>Files a study report is made of.</summary>
public sealed record ReportFiles(string Html, string Markdown, string Csv, string AccuracyPlot, string LearningRatePlot);
