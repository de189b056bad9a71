namespace LRBench.Studies.Model.Results;

/// <summary>A trial's latest checkpoint as the store keeps it (<see cref="Storage.TrialQueue.Checkpoint"/>), its checksum verified.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Attempt">The attempt that wrote it.</param>
/// <param name="Step">The training step it holds.</param>
/// <param name="Content">The checkpoint folder's archive.</param>
public sealed record StoredCheckpoint(long TrialId, int Attempt, long Step, byte[] Content);
