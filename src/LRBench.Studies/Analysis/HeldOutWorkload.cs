namespace LRBench.Studies.Analysis;

/// <summary>
/// One workload of a suite held out: what the other workloads would have recommended for it, and how that did on it.
/// </summary>
/// <param name="Workload">The held-out workload.</param>
/// <param name="From">The other workloads most similar to it (the recommendation's evidence), with their similarity points.</param>
/// <param name="Recommended">The recommended policy (index into the suite's policies): the best mean rank over <paramref name="From"/>.</param>
/// <param name="Rank">Its rank among the policies on the held-out workload (1 is best; ties share ranks).</param>
/// <param name="Regret">The best policy's score on the held-out workload minus the recommended one's, in the score's units, worse is positive.</param>
/// <param name="BestOnAverage">The policy with the best mean rank over all the other workloads (the baseline that ignores similarity; index into the suite's policies).</param>
/// <param name="AverageRank">Its rank on the held-out workload.</param>
/// <param name="AverageRegret">That baseline's regret.</param>
public sealed record HeldOutWorkload(
    string Workload, IReadOnlyList<(string Workload, int Score)> From, int Recommended, double Rank, double Regret, int BestOnAverage, double AverageRank, double AverageRegret)
{
    /// <summary>
    /// True when even the most similar workload scores below <see cref="Recommender.MinimumScore"/>: <c>lrbench
    /// recommend</c> would then suggest a range test rather than these records, so the row measures a weaker guess.
    /// </summary>
    public bool BelowRecommenderMinimum => From.Count > 0 && From[0].Score < Recommender.MinimumScore;
}
