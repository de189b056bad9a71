namespace LRBench.Studies.Analysis;

/// <summary>A recommended policy with the evidence behind it.</summary>
public sealed record Recommendation(RankedPolicy Policy, SimilarTask From, double MinLr, double MaxLr);
