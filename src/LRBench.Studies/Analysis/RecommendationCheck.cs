using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Measures recommendations the way they are used: hold out one complete workload of a suite, recommend for it from
/// the others as <see cref="Recommender"/> does (the most similar workloads by its points; their best policy), and
/// see where that policy ranks on the held-out workload and how much score it gives up against the best (its regret).
/// Two baselines put the numbers in context: the policy with the best mean rank over all the other workloads (no
/// similarity), and a policy drawn at random (expected rank (k+1)/2). Every suite policy runs on every workload, so
/// each recommendation can be scored exactly; a check needs at least 2 complete workloads.
/// </summary>
public static class RecommendationCheck
{
    /// <summary>One row per complete workload; <paramref name="tasks"/> describes each workload's task (by workload name) as its store does.</summary>
    public static IReadOnlyList<HeldOutWorkload> LeaveOneOut(SuiteResult result, IReadOnlyDictionary<string, TaskRow> tasks)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(tasks);
        var complete = result.CompleteWorkloads.Where(w => tasks.ContainsKey(w.Name)).ToList();
        if (complete.Count < 2) return [];
        var ranks = complete.ToDictionary(w => w.Name, SuiteAnalysis.RanksOn);
        var rows = new List<HeldOutWorkload>();
        foreach (var held in complete)
        {
            var others = complete.Where(w => w != held).ToList();
            var scored = others.Select(w => (w.Name, Recommender.Similarity(tasks[w.Name], tasks[held.Name]).Score)).ToList();
            int best = scored.Max(s => s.Score);
            var evidence = scored.Where(s => s.Score == best).ToList();
            int recommended = BestMeanRank(evidence.Select(e => ranks[e.Name]).ToList());
            int overall = BestMeanRank(others.Select(w => ranks[w.Name]).ToList());
            rows.Add(new HeldOutWorkload(held.Name, evidence, recommended, ranks[held.Name][recommended], Regret(held, recommended),
                overall, ranks[held.Name][overall], Regret(held, overall)));
        }

        return rows;
    }

    /// <summary>The policy with the lowest mean rank over the given workloads; ties go to the earlier policy in the suite.</summary>
    private static int BestMeanRank(IReadOnlyList<double[]> ranks)
    {
        int k = ranks[0].Length;
        var mean = Enumerable.Range(0, k).Select(i => ranks.Average(r => r[i])).ToList();
        return Enumerable.Range(0, k).OrderBy(i => mean[i]).ThenBy(i => i).First();
    }

    /// <summary>How much score the chosen policy gives up against the best policy on the workload (a broken policy gives up everything it did not reach).</summary>
    private static double Regret(WorkloadOutcome w, int chosen)
    {
        var usable = w.Policies.Where(p => !p.Broken && !double.IsNaN(p.Score.Mean)).ToList();
        if (usable.Count == 0) return double.NaN;
        double best = w.HigherIsBetter ? usable.Max(p => p.Score.Mean) : usable.Min(p => p.Score.Mean);
        var c = w.Policies[chosen];
        if (c.Broken || double.IsNaN(c.Score.Mean)) return double.PositiveInfinity;
        return w.HigherIsBetter ? best - c.Score.Mean : c.Score.Mean - best;
    }
}
