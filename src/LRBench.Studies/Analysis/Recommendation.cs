namespace LRBench.Studies.Analysis;

/// <summary>A recommended policy with the evidence behind it.</summary>
public sealed record Recommendation(RankedPolicy Policy, SimilarTask From, double MinLr, double MaxLr)
{
    /// <summary>
    /// The policy as its study file wrote it when the study took its LRs from a range test (<c>TRI2(k0=$k0, k1=$k1, l=0.1dur)</c>):
    /// the rule that carries over to a new task; null when the record's LRs were written as numbers.
    /// </summary>
    public string? RuleSpec { get; init; }
}
