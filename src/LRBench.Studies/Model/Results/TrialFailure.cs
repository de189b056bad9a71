namespace LRBench.Studies.Model.Results;

/// <summary>One failed attempt at a trial, as the store keeps it: a retry and later attempts leave it in place.</summary>
/// <param name="TrialId">The trial's id.</param>
/// <param name="Attempt">The attempt that failed.</param>
/// <param name="FailedAt">When, as the store writes timestamps.</param>
/// <param name="Worker">The worker that held the attempt, when known.</param>
/// <param name="Error">What went wrong.</param>
public sealed record TrialFailure(long TrialId, int Attempt, string FailedAt, string? Worker, string Error);
