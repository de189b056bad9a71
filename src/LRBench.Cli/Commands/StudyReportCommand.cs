using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Reports;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench study report</c>: report.html, plots and tables from the store.</summary>
internal static class StudyReportCommand
{
    internal static Command Build(CliContext ctx)
    {
        var study = StudyCommand.StudyArgument();
        var store = StoreOption.Create();
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Folder for the report (default: NAME-report next to the store or study file)" };
        var top = new Option<int>("--top") { Description = "Policies in the plots", DefaultValueFactory = _ => 5 };
        var sort = new Option<string>("--sort") { Description = "Metric to rank by", DefaultValueFactory = _ => "top1" };
        var cmd = new Command("report", "Write ranking.md, ranking.csv, accuracy and LR plots, and a self-contained report.html.") { study, store, output, top, sort };
        cmd.SetAction(r =>
        {
            var (s, row) = StoreAccess.OpenStudy(r.GetValue(study)!, r.GetValue(store), readOnly: true);
            using (s)
            {
                string dir = r.GetValue(output) ?? Path.Combine(Directory.GetCurrentDirectory(), row.Name + "-report");
                var results = s.Results.Load(row);
                if (row.IsTradeoff) return TradeoffOutput.Report(ctx, results, dir);
                ReportFiles files;
                try
                {
                    files = StudyReport.Write(results, dir, r.GetValue(top), r.GetValue(sort)!, LRBench.Cli.Services.ChartData.ForReport(s.Results, row, TimeProvider.System.GetUtcNow()));
                }
                catch (ArgumentException e)
                {
                    throw new UserInputException(e.Message);
                }

                ctx.Console.WriteLine($"Report: {files.Html}");
                ctx.Console.WriteLine($"Plots: {files.AccuracyPlot}, {files.LearningRatePlot}; tables: {files.Markdown}, {files.Csv}");
                return LRBenchCli.Success;
            }
        });
        return cmd;
    }
}
