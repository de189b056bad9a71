using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Analysis;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Reports;

/// <summary>Files a study report is made of.</summary>
public sealed record ReportFiles(string Html, string Markdown, string Csv, string AccuracyPlot, string LearningRatePlot);
