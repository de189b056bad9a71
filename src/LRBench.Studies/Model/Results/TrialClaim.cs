namespace LRBench.Studies.Model.Results;

/// <summary>A trial this worker now holds, with the attempt number that fences its writes.</summary>
public sealed record TrialClaim(TrialRow Trial, int Attempt);
