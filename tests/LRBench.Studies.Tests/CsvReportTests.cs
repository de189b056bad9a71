using System.Globalization;
using CsvHelper;
using LRBench.Studies.Analysis;
using LRBench.Studies.Reports;
using LRBench.Studies.Tradeoff;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>Report CSVs keep their columns whatever the names hold: commas, quotes and line breaks are quoted.</summary>
public sealed class CsvReportTests
{
    private const string Awkward = "smooth, \"0.1\"";

    private static List<string[]> Read(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add([.. Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "")]);
        return rows;
    }

    [Fact]
    public void A_method_name_with_a_comma_and_quotes_stays_in_its_column_of_the_tradeoff_points()
    {
        var result = new TradeoffResult
        {
            Durations = [2, 4],
            Points = [new CurvePoint(Awkward, CurveKind.Cyclic, 1, 2, 0.9, 0.01, 2, 2, 3.5), new CurvePoint("baseline", CurveKind.Standard, 1, 2, 0.88, 0, 1, 2, 3)],
            Costs = [], Ensembles = [], Gaps = [], Shifts = [], ParetoBySeconds = [], ParetoByEpochs = [],
            PredictedCostRatio = 1, Baseline = "baseline", Unfinished = 0, Verdict = [],
        };
        var rows = Read(TradeoffReport.Csv(result));
        Assert.Equal(["method", "curve", "point", "epochs", "top1", "top1_std", "seeds", "cost_epochs", "cost_seconds"], rows[0]);
        Assert.Equal([Awkward, "cyclic", "1", "2", "0.9", "0.01", "2", "2", "3.5"], rows[1]);
        Assert.All(rows, r => Assert.Equal(9, r.Length));
    }

    [Fact]
    public void Labels_methods_and_specs_with_commas_quotes_and_newlines_stay_in_their_columns_of_the_ranking()
    {
        var policy = new RankedPolicy
        {
            Rank = 1, Label = "TRI2 k0=0.001, k1=0.1", Function = "TRI2", Spec = "TRI2(k0=0.001, k1=0.1, l=\"2ep\")\nnext",
            Parameters = new Dictionary<string, string>(), Method = Awkward, Seeds = 3, Trials = [],
        };
        var rows = Read(RankingFormat.ToCsv([policy]));
        Assert.All(rows, r => Assert.Equal(34, r.Length));
        Assert.Equal(["1", policy.Label, "TRI2", Awkward, policy.Spec, "3"], rows[1][..6]);
    }
}
