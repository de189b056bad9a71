namespace LRBench.Studies.Racing;

/// <summary>
/// One setting in a race after a round: its scores by seed (higher better), or the reason it cannot go on (a seed
/// pruned, diverged or failed).
/// </summary>
/// <param name="Setting">The setting's key.</param>
/// <param name="Label">Its label.</param>
/// <param name="Scores">Its finished seeds' scores, higher better.</param>
/// <param name="Broken">Why it leaves whatever the test says, or null.</param>
public sealed record RaceEntrant(string Setting, string Label, IReadOnlyDictionary<long, double> Scores, string? Broken = null);
