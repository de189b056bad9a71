using LRBench.Cli.Invocation;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>A study's ranking printed as a table.</summary>
internal static class RankingOutput
{
    internal static int WriteRanking(CliContext ctx, StudyResults results, string sortBy, int top)
    {
        var row = results.Study;
        var full = RankOrThrow(results, sortBy);
        IReadOnlyList<RankedPolicy> ranking = top > 0 ? [.. full.Take(top)] : full;
        string key = Ranking.SortKeyFor(results.Evaluations, sortBy, row.Metric);
        var table = new Table().Title($"study {row.Name}: ranked by {Markup.Escape(key == "metric" ? row.Metric!.Name : key)}");
        string? metric = RankingFormat.MetricOf(ranking);
        var headers = RankingFormat.Headers(row.TargetAccuracy, metric);
        foreach (string h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)) { Alignment = h == "policy" ? Justify.Left : Justify.Right });
        foreach (var p in ranking) table.AddRow([.. RankingFormat.Cells(p, metric is not null, row.TargetAccuracy is not null).Select(Markup.Escape)]);
        ctx.Console.Write(table);
        ctx.Console.WriteLine(ranking.Count == 0 ? "No finished trials yet." : RankingFormat.TieLine(full));
        return LRBenchCli.Success;
    }

    internal static IReadOnlyList<RankedPolicy> RankOrThrow(StudyResults results, string sortBy)
    {
        try
        {
            return Ranking.Rank(results.Trials, results.Evaluations, results.Study.TargetAccuracy, sortBy, results.Study.Metric);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }
    }
}
