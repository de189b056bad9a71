using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Pruning;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Running;

/// <summary>
/// Promotion-based ASHA's side of the runner: promotions at a rung when a trial arrives there
/// (<see cref="RungDecisions.Judge"/>), and the study's end, when nothing is pending or running and some trials still
/// wait: the rule may promote once more (every bracket finishes a trial), and whatever still waits then is pruned.
/// Both under the study's lock, so every worker sees the same standings.
/// </summary>
public static class Promotions
{
    /// <summary>Promotes the waiting trials the rule names at one rung (of one bracket when paired); returns their ids.</summary>
    internal static IReadOnlyList<long> Promote(StudyLock held, IPromotingPruner rule, int rung, TrialRow? pairedWith, bool settling)
    {
        var promoted = rule.Promotions(held.Standings(rung, pairedWith), settling);
        foreach (long id in promoted) held.Promote(id, rung);
        return promoted;
    }

    /// <summary>
    /// When no trial of the study is pending or running and some wait at a rung: promotes at the lowest rung where the
    /// settling rule promotes any (true: there is work again), or else prunes every waiting trial (false). False
    /// when the study does not promote, or while others still run.
    /// </summary>
    public static bool Settle(TrialQueue queue, StudyRow study)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(study);
        if (study.Pruner is not { Promotion: true } pruner || Pruners.For(pruner) is not IPromotingPruner rule) return false;
        return queue.UnderStudyLock(study.Id, held =>
        {
            if (held.Active() > 0) return false;
            var waiting = held.Waiting();
            foreach (var atRung in waiting.GroupBy(w => w.Rung).OrderBy(g => g.Key))
            {
                // One bracket per seed and method when paired (any trial of the bracket stands for it), else the whole rung.
                var brackets = pruner.Paired
                    ? atRung.GroupBy(w => (w.Trial.Seed, w.Trial.Method)).Select(g => (TrialRow?)g.First().Trial)
                    : [null];
                int promoted = brackets.Sum(bracket => Promote(held, rule, atRung.Key, bracket, settling: true).Count);
                if (promoted > 0) return true;
            }

            foreach (var (trial, rung) in waiting) held.PruneWaiting(trial.Id, rung);
            return false;
        });
    }
}
