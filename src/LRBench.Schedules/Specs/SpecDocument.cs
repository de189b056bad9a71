namespace LRBench.Schedules.Specs;

/// <summary>What a JSON spec says besides the policy: the run length a golden case was recorded over.</summary>
public sealed record SpecDocument(PolicySpec Policy, long? Steps);
