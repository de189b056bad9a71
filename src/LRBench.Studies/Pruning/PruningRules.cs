using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Pruning;

/// <summary>
/// The two pruners' decisions as pure functions of scores (higher is better; NaN, from a diverged probe or a missing
/// metric, counts as the worst). The store calls them under its lock with the scores recorded so far, and records what
/// they return; nothing here reads a clock or a store, so they are tested on hand-made scores.
/// </summary>
public static class PruningRules
{
    /// <summary>
    /// ASHA at one rung: <paramref name="others"/> are the scores already recorded there. With this trial's score the
    /// rung holds n; the top floor(n / eta) go on. While fewer than eta have arrived, floor(n / eta) is 0, and the trial
    /// goes on only if it is the best so far (Optuna's choice for the first arrivals; Ray Tune lets them all through,
    /// which spends more). Ties go on.
    /// </summary>
    public static RungDecision Asha(double score, IReadOnlyCollection<double> others, int reductionFactor)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        if (double.IsNaN(score)) return RungDecision.Stop;
        int n = others.Count + 1;
        int keep = Math.Max(1, n / reductionFactor);
        // The keep-th best score among all n; this trial goes on when it is at least that good.
        var sorted = others.Append(score).Select(Worst).OrderByDescending(s => s).ToList();
        return score >= sorted[keep - 1] ? RungDecision.Continue : RungDecision.Stop;
    }

    /// <summary>
    /// Promotion-based ASHA at one rung (Li et al., 2020, Algorithm 2): of the n trials recorded there, the top
    /// floor(n / eta) go on, and those still waiting among them are promoted now. A trial is never sent back, so once
    /// every trial has arrived the top floor(n / eta) of the whole rung have gone on whatever the arrival order (the
    /// decide-on-arrival rule can stop one of them for good: it may arrive right after a better one). Ties at the edge
    /// go on; NaN is never promoted. When the study is <paramref name="settling"/> (nothing pending or running) and no
    /// trial of the rung has gone on, the best goes on, so that every bracket finishes at least one trial even where
    /// fewer than eta reached the rung. Order among equal scores is by trial id, so every worker promotes the same.
    /// </summary>
    public static IReadOnlyList<long> AshaPromotions(IReadOnlyList<RungStanding> standings, int reductionFactor, bool settling)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        var measured = standings.Where(s => !double.IsNaN(s.Score)).OrderByDescending(s => s.Score).ThenBy(s => s.TrialId).ToList();
        int keep = standings.Count / reductionFactor;
        if (settling && keep == 0 && standings.All(s => s.Waiting)) keep = 1;
        if (keep == 0 || measured.Count == 0) return [];
        double edge = measured[Math.Min(keep, measured.Count) - 1].Score;
        return [.. measured.Where(s => s.Waiting && s.Score >= edge).Select(s => s.TrialId)];
    }

    /// <summary>
    /// The median rule at one evaluation point: the trial's best score so far (<paramref name="bestSoFar"/>) against the
    /// median of <paramref name="others"/>' scores at this point. Until <paramref name="minTrials"/> others have a
    /// score here, nothing is stopped.
    /// </summary>
    public static RungDecision Median(double bestSoFar, IReadOnlyCollection<double> others, int minTrials)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentOutOfRangeException.ThrowIfLessThan(minTrials, 1);
        if (others.Count < minTrials) return RungDecision.Continue;
        if (double.IsNaN(bestSoFar)) return RungDecision.Stop;
        var sorted = others.Select(Worst).OrderBy(s => s).ToList();
        int m = sorted.Count;
        double median = m % 2 == 1 ? sorted[m / 2] : (sorted[(m / 2) - 1] + sorted[m / 2]) / 2;
        return bestSoFar < median ? RungDecision.Stop : RungDecision.Continue;
    }

    private static double Worst(double s) => double.IsNaN(s) ? double.NegativeInfinity : s;
}
