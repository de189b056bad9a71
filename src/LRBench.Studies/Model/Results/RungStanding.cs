namespace LRBench.Studies.Model.Results;

/// <summary>
/// One trial's place at a rung of promotion-based ASHA, as the store recorded it.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Score">Its score at the rung, higher better (NaN: nothing measured, the worst).</param>
/// <param name="Waiting">True while it waits there (decision pause); false once it went on (promoted, or went on at arrival).</param>
public sealed record RungStanding(long TrialId, double Score, bool Waiting);
