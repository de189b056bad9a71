using System.Globalization;
using System.Net;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Storage;
using LRBench.Studies.Tradeoff;

namespace LRBench.Studies.Reports;

/// <summary>The files a tradeoff report consists of.</summary>
public sealed record TradeoffFiles(string Html, string Markdown, string Csv, IReadOnlyList<string> Charts);
