using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Analysis;

/// <summary>What a study's Bayesian searches have still to propose: settings, and the trials each one brings.</summary>
public static class SearchBudget
{
    /// <summary>
    /// For each search with settings left: how many more, and the trials of its first setting (each new setting has
    /// as many, on the same methods and seeds, with the same budget).
    /// </summary>
    public static IReadOnlyList<(int Settings, IReadOnlyList<TrialRow> Template)> Remaining(IReadOnlyList<BayesianSearch> searches, IReadOnlyList<TrialRow> trials)
    {
        ArgumentNullException.ThrowIfNull(searches);
        ArgumentNullException.ThrowIfNull(trials);
        var left = new List<(int, IReadOnlyList<TrialRow>)>();
        foreach (var search in searches)
        {
            var settings = trials.Where(t => t.Trial.SearchId == search.Id).GroupBy(t => t.SpecText).ToList();
            if (settings.Count == 0 || settings.Count >= search.Trials) continue;
            left.Add((search.Trials - settings.Count, [.. settings[0]]));
        }

        return left;
    }

    /// <summary>How many trials the searches will still add.</summary>
    public static int RemainingTrials(IReadOnlyList<BayesianSearch> searches, IReadOnlyList<TrialRow> trials) =>
        Remaining(searches, trials).Sum(r => r.Settings * r.Template.Count);
}
