using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Suites;
using LRBench.Studies.Reports;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench suite report</c>: scores across workloads (time-to-target, performance profiles, mean ranks and their test) from the store.</summary>
internal static class SuiteReportCommand
{
    internal static Command Build(CliContext ctx)
    {
        var suite = SuiteCommand.SuiteArgument();
        var store = StoreOption.Create();
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Folder for the report (default: NAME-runs/report next to the suite file)" };
        var cmd = new Command("report", "Print the policies across workloads and write suite.md, suite.csv, the profiles, the critical-difference diagram and report.html.") { suite, store, output };
        cmd.SetAction(r =>
        {
            var definition = SuiteFiles.Load(r.GetValue(suite)!);
            var (defaultStore, defaultOut) = SuiteFiles.Defaults(definition);
            var location = StoreOption.Resolve(r.GetValue(store), () => defaultStore);
            return Report(ctx, location, definition, r.GetValue(output) ?? Path.Combine(defaultOut, "report"));
        });
        return cmd;
    }

    /// <summary>Scores the suite from the store, prints it, and writes the report files into <paramref name="directory"/>.</summary>
    internal static int Report(CliContext ctx, StoreLocation location, SuiteDefinition suite, string directory)
    {
        SuiteResult result;
        using (var s = StoreAccess.OpenStore(location, mustExist: true, readOnly: true))
            result = SuiteAnalysis.Analyze(suite, SuiteFiles.Read(s, suite));

        var workloads = new Table().Title($"suite {suite.Name}: workloads");
        foreach (string h in new[] { "workload", "score", "target", "rule", "seeds finished" }) workloads.AddColumn(h);
        foreach (var w in result.Workloads)
        {
            var (done, planned) = w.Progress;
            workloads.AddRow(Markup.Escape(w.Name), Markup.Escape($"{w.ScoreName} ({(w.HigherIsBetter ? "higher" : "lower")} is better)"),
                SuiteFormat.Target(w), Markup.Escape(w.TargetRule), $"{done}/{planned}");
        }

        ctx.Console.Write(workloads);
        var table = new Table().Title($"suite {suite.Name}: policies across workloads (score; steps to target)");
        table.AddColumn("policy").AddColumn("mean rank").AddColumn("area (steps)").AddColumn("area (s)");
        foreach (var w in result.Workloads) table.AddColumn(Markup.Escape(w.Name));
        foreach (int i in SuiteFormat.Order(result))
        {
            var cells = new List<string>
            {
                Markup.Escape(result.PolicyNames[i]),
                result.Ranks is { } ranks ? ranks.MeanRanks[i].ToString("0.00", CultureInfo.InvariantCulture) : "-",
                i < result.StepProfiles.Count ? SuiteFormat.Number(result.StepProfiles[i].Area) : "-",
                i < result.SecondProfiles.Count ? SuiteFormat.Number(result.SecondProfiles[i].Area) : "-",
            };
            cells.AddRange(result.Workloads.Select(w => Markup.Escape($"{SuiteFormat.Score(w, w.Policies[i])}; {SuiteFormat.Time(w.Policies[i].StepsToTarget)}")));
            table.AddRow([.. cells]);
        }

        ctx.Console.Write(table);
        ctx.Console.WriteLine(SuiteFormat.RankTest(result));
        if (result.Checks.Count > 0)
        {
            var checks = new Table().Title("recommendation check: each complete workload held out");
            foreach (string h in new[] { "held out", "from (similarity)", "recommended", "rank", "regret", "best on average", "rank", "regret" }) checks.AddColumn(h);
            foreach (var c in result.Checks)
            {
                checks.AddRow(Markup.Escape(c.Workload), Markup.Escape(SuiteFormat.Evidence(c)), Markup.Escape(result.PolicyNames[c.Recommended]),
                    c.Rank.ToString("0.#", CultureInfo.InvariantCulture), SuiteFormat.Regret(result, c, c.Regret), Markup.Escape(result.PolicyNames[c.BestOnAverage]),
                    c.AverageRank.ToString("0.#", CultureInfo.InvariantCulture), SuiteFormat.Regret(result, c, c.AverageRegret));
            }

            ctx.Console.Write(checks);
        }

        ctx.Console.WriteLine(SuiteFormat.CheckSummary(result));
        var files = SuiteReport.Write(result, directory);
        ctx.Console.WriteLine($"Report: {files.Html}");
        ctx.Console.WriteLine($"Profiles: {files.StepProfilePlot}, {files.SecondProfilePlot}; tables: {files.Markdown}, {files.Csv}" + (files.CriticalDifference is { } cd ? $"; diagram: {cd}" : ""));
        return LRBenchCli.Success;
    }
}
