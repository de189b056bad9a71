namespace LRBench.Studies.Analysis;

/// <summary>What <c>Recommender.Recommend</c> found.</summary>
public sealed record RecommendationResult(IReadOnlyList<SimilarTask> Tasks, IReadOnlyList<Recommendation> Policies)
{
    /// <summary>True when at least one stored task was similar enough to recommend from.</summary>
    public bool HasEvidence => Policies.Count > 0;
}
