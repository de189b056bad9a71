using System.Globalization;
using LRBench.Studies.Analysis;

namespace LRBench.Studies.Reports;

/// <summary>How a suite's numbers read in tables (the terminal, Markdown, CSV and HTML use the same words).</summary>
public static class SuiteFormat
{
    /// <summary>A workload's score: top-1 in percent, other scores as they are; mean ± std over seeds.</summary>
    public static string Score(WorkloadOutcome workload, PolicyOnWorkload policy)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(policy);
        string value = workload.ScoreName == "top-1" ? RankingFormat.PlusMinus(policy.Score, 100, "0.00") : RankingFormat.PlusMinus(policy.Score, 1, "0.000");
        var notes = new List<string>();
        if (policy.Diverged > 0) notes.Add($"{policy.Diverged} diverged");
        if (policy.Failed > 0) notes.Add($"{policy.Failed} failed");
        if (!policy.Complete) notes.Add($"{policy.Finished}/{policy.Seeds} seeds");
        return notes.Count == 0 ? value : $"{value} ({string.Join(", ", notes)})";
    }

    /// <summary>The target in the score's units.</summary>
    public static string Target(WorkloadOutcome workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (double.IsNaN(workload.Target)) return "-";
        return workload.ScoreName == "top-1" ? RankingFormat.Percent(workload.Target) + "%" : workload.Target.ToString("0.000", CultureInfo.InvariantCulture);
    }

    /// <summary>Steps (or seconds) to target; "never" where the median seed did not reach it.</summary>
    public static string Time(double value, string format = "0") =>
        double.IsPositiveInfinity(value) ? "never" : double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A number with 3 decimals, "-" when missing.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The policies in the report's order: by mean rank when the rank test ran, else by the area of the step profile.</summary>
    public static IReadOnlyList<int> Order(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var all = Enumerable.Range(0, result.PolicyNames.Count);
        if (result.Ranks is { } ranks) return [.. all.OrderBy(i => ranks.MeanRanks[i]).ThenBy(i => i)];
        if (result.StepProfiles.Count > 0) return [.. all.OrderByDescending(i => result.StepProfiles[i].Area).ThenBy(i => i)];
        return [.. all];
    }

    /// <summary>One paragraph on the rank test: whether the policies differ, and which are not distinguished from the best.</summary>
    public static string RankTest(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int complete = result.CompleteWorkloads.Count;
        if (result.Ranks is not { } t)
            return $"Rank test: needs at least 2 complete workloads and 2 policies ({complete} of {result.Workloads.Count} workloads complete).";
        string p = t.PValue < 0.001 ? "p < 0.001" : $"p = {t.PValue.ToString("0.###", CultureInfo.InvariantCulture)}";
        var tied = t.TiedWithBest().OrderBy(i => t.MeanRanks[i]).Select(i => result.PolicyNames[i]).ToList();
        string verdict = t.Differs
            ? $"the policies differ ({p} < {t.Alpha.ToString("0.##", CultureInfo.InvariantCulture)})"
            : $"the test cannot tell the policies apart ({p})";
        return string.Create(CultureInfo.InvariantCulture,
            $"Friedman test over {t.Workloads} complete workloads and {t.Policies} policies: chi2 = {t.ChiSquare:0.##}, Iman-Davenport F = {Math.Min(t.F, 1e9):0.##}; {verdict}. ") +
            string.Create(CultureInfo.InvariantCulture, $"Nemenyi critical difference {t.CriticalDifference:0.##} mean ranks: {tied.Count} of {t.Policies} policies are not distinguished from the best ({string.Join("; ", tied)}).");
    }
    /// <summary>The recommendation check in one paragraph: mean rank and regret of the recommendations against the baselines.</summary>
    public static string CheckSummary(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Checks.Count == 0) return "Recommendation check: needs at least 2 complete workloads.";
        int k = result.PolicyNames.Count;
        double similar = result.Checks.Average(c => c.Rank), overall = result.Checks.Average(c => c.AverageRank);
        int top3 = result.Checks.Count(c => c.Rank <= 3), top3Overall = result.Checks.Count(c => c.AverageRank <= 3);
        return string.Create(CultureInfo.InvariantCulture,
            $"Recommendation check (each of {result.Checks.Count} complete workloads held out, recommended for from the others): the most similar workloads' best policy ranked {similar:0.##} on average ({top3} of {result.Checks.Count} in the top 3); ") +
            string.Create(CultureInfo.InvariantCulture,
            $"the best policy on average over the others ranked {overall:0.##} ({top3Overall} in the top 3); a policy at random would rank {(k + 1) / 2.0:0.#} of {k}.");
    }
    /// <summary>The workloads a held-out recommendation rests on, with their similarity points, and a mark when they are too dissimilar for <c>lrbench recommend</c>.</summary>
    public static string Evidence(HeldOutWorkload check)
    {
        ArgumentNullException.ThrowIfNull(check);
        string from = string.Join(", ", check.From.Select(f => $"{f.Workload} ({f.Score})"));
        return check.BelowRecommenderMinimum ? $"{from}; below the {Recommender.MinimumScore} points recommend requires" : from;
    }

    /// <summary>A regret on a held-out workload in its score's units: top-1 in percentage points, other scores as they are.</summary>
    public static string Regret(SuiteResult result, HeldOutWorkload check, double regret)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(check);
        if (double.IsPositiveInfinity(regret)) return "diverged";
        bool top1 = result.Workloads.FirstOrDefault(w => w.Name == check.Workload)?.ScoreName == "top-1";
        return double.IsNaN(regret) ? "-" : top1 ? (regret * 100).ToString("0.00", CultureInfo.InvariantCulture) + " pts" : regret.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
