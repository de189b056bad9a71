using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Pruning;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Running;

/// <summary>
/// A pruner's decision for a claimed trial at a rung, taken once and recorded, under the study's lock: a decision
/// already recorded for this trial and rung (by an earlier attempt) is returned as it is; otherwise the pruner decides
/// from the scores recorded at the rung and the decision is recorded with the score in the same transaction. Under
/// promotion-based ASHA the arrival is recorded as waiting (pause), and the rule then promotes whichever waiting trials
/// of the rung it names, this one among them or not (<see cref="Promotions"/>).
/// </summary>
public static class RungDecisions
{
    /// <summary>The decision; null, recording nothing, when the claim is stale (another attempt owns the trial now).</summary>
    /// <param name="queue">The store's queue.</param>
    /// <param name="claim">The trial, claimed by this worker.</param>
    /// <param name="pruner">The study's pruner.</param>
    /// <param name="rung">The rung reached.</param>
    /// <param name="score">The trial's score there, higher better (NaN: nothing measured, the worst).</param>
    public static RungDecision? Judge(TrialQueue queue, TrialClaim claim, PrunerDefinition pruner, Rung rung, double score)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(pruner);
        ArgumentNullException.ThrowIfNull(rung);
        var rule = Pruners.For(pruner);
        long trialId = claim.Trial.Id;
        return queue.UnderStudyLock<RungDecision?>(claim.Trial.StudyId, held =>
        {
            if (!held.Owns(claim)) return null;
            if (held.RecordedDecision(trialId, rung.Index) is { } recorded) return recorded;
            if (pruner.Promotion && rule is IPromotingPruner promoting)
            {
                held.RecordDecision(claim, rung, score, RungDecision.Pause);
                var promoted = Promotions.Promote(held, promoting, rung.Index, pruner.Paired ? claim.Trial : null, settling: false);
                return promoted.Contains(trialId) ? RungDecision.Continue : RungDecision.Pause;
            }

            // Paired: only the trials of this one's seed and method compete with it.
            var evidence = new RungEvidence(score, held.ScoresAtRung(rung.Index, trialId, pruner.Paired ? claim.Trial : null), held.EarlierScores(trialId, rung.Index));
            var decision = rule.Decide(evidence);
            held.RecordDecision(claim, rung, score, decision);
            return decision;
        });
    }
}
