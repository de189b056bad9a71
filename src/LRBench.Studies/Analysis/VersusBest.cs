namespace LRBench.Studies.Analysis;

/// <summary>
/// How one policy of a ranking compares with the ranking's best over seeds (<see cref="SeedSignificance"/>).
/// </summary>
/// <param name="PValue">The two-sided p-value of "same mean score as the best".</param>
/// <param name="HolmP">That p-value adjusted by Holm's step-down procedure over all the ranking's comparisons with the best.</param>
/// <param name="Seeds">How many values the test used: common seeds when paired, else both settings' seeds.</param>
/// <param name="Paired">True for a paired t-test over the seeds both settings ran (same data order and initial weights).</param>
/// <param name="Tied">True when <see cref="HolmP"/> is above the ranking's level: not distinguishable from the best.</param>
public sealed record VersusBest(double PValue, double HolmP, int Seeds, bool Paired, bool Tied);
