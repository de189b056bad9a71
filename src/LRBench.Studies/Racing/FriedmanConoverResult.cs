namespace LRBench.Studies.Racing;

/// <summary>Friedman's test in Conover's form, with the critical difference of rank sums (<see cref="RaceTest.FriedmanConover"/>).</summary>
/// <param name="RankSums">Each setting's rank sum over the blocks (1 the best rank).</param>
/// <param name="T">Friedman's statistic T.</param>
/// <param name="P">Its p-value against χ²(k − 1).</param>
/// <param name="CriticalDifference">Two rank sums further apart than this differ at the level α.</param>
public sealed record FriedmanConoverResult(IReadOnlyList<double> RankSums, double T, double P, double CriticalDifference);
