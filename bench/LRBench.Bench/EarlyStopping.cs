using System.Globalization;
using LRBench.Schedules.Specs;
using LRBench.Studies.Analysis;
using LRBench.Studies.Pruning;
using LRBench.Studies.Storage;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;

namespace LRBench.Bench;

/// <summary>
/// How a pruned (or raced) study's answer compares with the full study's: compute used, whether the full study's best
/// policy and its top 3 are among the pruned study's top 3, whether the pruned study's winner is one the full study
/// cannot tell from its best (its `tied_with_best` column), and Kendall's tau between the two orders of the policies. The pruned
/// study's order is successive halving's own: policies whose trials went deepest come first (a completed trial is
/// deepest), then by the best top-1 of that deepest trial.
/// </summary>
internal static class EarlyStopping
{
    /// <summary>
    /// <c>early-stopping FULL.csv STORE...</c>: FULL.csv is the full study's ranking (`lrbench study rank --format csv`,
    /// or its rank and spec columns); each STORE a SQLite file holding one pruned study.
    /// </summary>
    public static int Report(string fullRanking, IEnumerable<string> stores)
    {
        var (full, tied) = ReadRanking(fullRanking);
        Console.WriteLine($"full study: {full.Count} policies; best {full[0]}; top 3: {string.Join(", ", full.Take(3))}; {tied.Count} tied with the best");
        Console.WriteLine("| store | study | compute used | best found | top-3 found | its winner tied with the best | Kendall's tau | pruned order (top 3) |");
        Console.WriteLine("|---|---|---:|---|---:|---|---:|---|");
        foreach (string path in stores)
        {
            using var store = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + path));
            foreach (var study in store.Results.Studies())
            {
                var trials = store.Results.Trials(study.Id);
                var evaluations = store.Results.Evaluations(study.Id);
                var decisions = store.Results.RungDecisions(study.Id);
                var order = PrunedOrder(trials, evaluations, decisions);
                if (study.Racer is not null) order = RaceOrder(trials, store.Results.RaceDecisions(study.Id), order);
                var compute = StudyCompute.Of(trials, store.Results.Tasks(), decisions, racer: study.Racer);
                string winnerTied = tied.Count == 0 ? "-" : tied.Contains(order[0]) ? $"yes ({Short(order[0])})" : $"no ({Short(order[0])})";
                var top3 = order.Take(3).ToList();
                double tau = KendallTau(full, order);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(path)} | {study.Name} | {compute.UsedEpochs:0.#} of {compute.FullEpochs:0} epochs ({compute.Percent:0.#}%) | {(top3.Contains(full[0]) ? (order[0] == full[0] ? "yes, 1st" : $"yes, {order.IndexOf(full[0]) + 1}") : $"no ({order.IndexOf(full[0]) + 1})")} | {full.Take(3).Count(top3.Contains)} of 3 | {winnerTied} | {tau:0.00} | {string.Join("; ", top3.Select(Short))} |"));
            }
        }

        return 0;
    }

    private static string Short(string spec) => spec.Split('(')[0];

    /// <summary>
    /// The policies' specs in the ranking's order (its spec column; rank order), and those its tied_with_best column
    /// marks (empty for rankings written before it existed).
    /// </summary>
    private static (List<string> Order, HashSet<string> Tied) ReadRanking(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        bool hasTies = csv.HeaderRecord!.Contains("tied_with_best");
        var rows = new List<(int Rank, string Spec, bool Tied)>();
        while (csv.Read()) rows.Add((csv.GetField<int>("rank"), SpecFormatter.ToText(PolicySpec.Parse(csv.GetField("spec")!)), hasTies && csv.GetField("tied_with_best") == "true"));
        return ([.. rows.OrderBy(r => r.Rank).Select(r => r.Spec)], [.. rows.Where(r => r.Tied).Select(r => r.Spec)]);
    }

    /// <summary>Policies ordered by how deep their deepest trial went, then by that trial's best top-1.</summary>
    private static List<string> PrunedOrder(IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<RungDecisionRow> decisions)
    {
        var best = evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.Max(e => e.Top1));
        double Depth(TrialRow t) => decisions.Count(d => d.TrialId == t.Id && d.Decision == RungDecision.Continue) + (t.Status == TrialStatus.Completed ? 1 : 0);
        return [.. trials
            .GroupBy(t => SpecFormatter.ToText(t.Trial.Policy))
            .Select(g => (Spec: g.Key, Deepest: g.OrderByDescending(Depth).ThenByDescending(t => best.GetValueOrDefault(t.Id)).First()))
            .OrderByDescending(p => Depth(p.Deepest)).ThenByDescending(p => best.GetValueOrDefault(p.Deepest.Id))
            .Select(p => p.Spec)];
    }

    /// <summary>
    /// A race's answer: settings by the last round they took part in (the finalists' round first), within a round
    /// those still in it before those it eliminated, then by their mean score over the seeds they ran; settings the
    /// first round eliminated without a score (pruned) keep successive halving's order among themselves.
    /// </summary>
    private static List<string> RaceOrder(IReadOnlyList<TrialRow> trials, IReadOnlyList<RaceDecisionRow> decisions, List<string> pruned)
    {
        var specOf = trials.GroupBy(t => t.Trial.SettingKey).ToDictionary(g => g.Key, g => SpecFormatter.ToText(g.First().Trial.Policy));
        return [.. decisions.GroupBy(d => d.Setting).Select(g => g.OrderBy(d => d.Round).Last())
            .OrderByDescending(d => d.Round)
            .ThenBy(d => d.Decision == RaceDecision.Eliminated)
            .ThenByDescending(d => double.IsNaN(d.MeanScore) ? double.NegativeInfinity : d.MeanScore)
            .ThenBy(d => pruned.IndexOf(specOf[d.Setting]))
            .Select(d => specOf[d.Setting])];
    }

    /// <summary>Kendall's tau between two orders of the same items: (concordant - discordant) / pairs.</summary>
    internal static double KendallTau(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var common = a.Where(b.Contains).ToList();
        var posB = common.ToDictionary(x => x, x => b.ToList().IndexOf(x));
        int concordant = 0, discordant = 0;
        for (int i = 0; i < common.Count; i++)
        {
            for (int j = i + 1; j < common.Count; j++)
            {
                if (posB[common[i]] < posB[common[j]]) concordant++;
                else discordant++;
            }
        }

        int pairs = concordant + discordant;
        return pairs == 0 ? double.NaN : (concordant - discordant) / (double)pairs;
    }
}
