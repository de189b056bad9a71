using LRBench.Cli.Invocation;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using LRBench.Studies.Tradeoff;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>A stored tradeoff study's report and verdict, as <c>tradeoff</c>, <c>study run</c> and <c>study report</c> print them.</summary>
internal static class TradeoffOutput
{
    /// <summary>Analyses a stored tradeoff study, writes its report and prints the verdict and the per-duration table.</summary>
    internal static int Report(CliContext ctx, StudyResults results, string directory)
    {
        var (row, trials, evaluations, trace, _) = results;
        var result = TradeoffAnalysis.Analyse(results);
        var files = TradeoffReport.Write(row, result, trials, evaluations, trace, directory);
        ctx.Out.Write(TradeoffReport.Markdown(row, result));
        ctx.Console.WriteLine($"Report: {files.Html}");
        ctx.Console.WriteLine($"Tables: {files.Markdown}, {files.Csv}; charts: {string.Join(", ", files.Charts.Where(c => c.EndsWith(".png", StringComparison.Ordinal)).Select(Path.GetFileName))} (+ SVG)");
        return result.Unfinished == 0 ? LRBenchCli.Success : LRBenchCli.Failure;
    }
}
