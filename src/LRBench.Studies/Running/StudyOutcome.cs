using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Running;

/// <summary>What <see cref="StudyRunner.RunAndRank"/> gives back: the run, the stored results and their ranking.</summary>
/// <param name="Summary">What this run did (trials run now, failed, left).</param>
/// <param name="Results">Everything the store holds about the study, read in one snapshot after the run.</param>
/// <param name="Ranking">The policies, best first (the LRBench table: <c>lrbench study rank</c> prints the same).</param>
public sealed record StudyOutcome(StudyRunSummary Summary, StudyResults Results, IReadOnlyList<RankedPolicy> Ranking)
{
    /// <summary>The first of the ranking; null when no trial has finished (all failed, or the run was stopped first).</summary>
    public RankedPolicy? Best => Ranking.Count > 0 ? Ranking[0] : null;
}
