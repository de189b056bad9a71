using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Analysis;
using LRBench.Studies.Reports;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench study rank</c>: the ranking table.</summary>
internal static class StudyRankCommand
{
    internal static Command Build(CliContext ctx)
    {
        var study = StudyCommand.StudyArgument();
        var store = StoreOption.Create();
        var sort = new Option<string>("--sort") { Description = $"Metric to rank by: {string.Join(", ", Ranking.SortKeys.Keys)}", DefaultValueFactory = _ => "top1" };
        var top = new Option<int>("--top") { Description = "Show only the first N (0: all)", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format") { Description = "table, markdown or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown", "csv");
        var cmd = new Command("rank", "The ranking table (LRBench paper, Tables VII to IX), sortable by any metric.") { study, store, sort, top, format };
        cmd.SetAction(r =>
        {
            var (s, row) = StoreAccess.OpenStudy(r.GetValue(study)!, r.GetValue(store), readOnly: true);
            using (s)
            {
                if (row.IsTradeoff)
                    throw new UserInputException($"{row.Name} is a tradeoff study: its trials are curve points, not policies to rank; see lrbench tradeoff FILE --no-train");
                string f = r.GetValue(format)!;
                var results = s.Results.Load(row);
                if (f == "table") return RankingOutput.WriteRanking(ctx, results, r.GetValue(sort)!, r.GetValue(top));
                var full = RankingOutput.RankOrThrow(results, r.GetValue(sort)!);
                IReadOnlyList<RankedPolicy> ranking = r.GetValue(top) > 0 ? [.. full.Take(r.GetValue(top))] : full;
                if (f == "csv") ctx.Out.Write(RankingFormat.ToCsv(ranking));
                else if (ranking.Count == 0) ctx.Out.Write(RankingFormat.ToMarkdownTable(ranking, row.TargetAccuracy));
                else ctx.Out.Write(RankingFormat.ToMarkdownTable(ranking, row.TargetAccuracy) + Environment.NewLine + RankingFormat.TieLine(full) + Environment.NewLine);
                return LRBenchCli.Success;
            }
        });
        return cmd;
    }
}
