namespace LRBench.Studies.Analysis;

/// <summary>
/// A Friedman test of k policies over N workloads (Demšar 2006): their mean ranks (1 is best), the statistic and
/// Iman and Davenport's F with its p-value, and Nemenyi's critical difference of mean ranks at <see cref="Alpha"/>.
/// </summary>
/// <param name="Workloads">N, the workloads (rows) ranked.</param>
/// <param name="MeanRanks">Each policy's mean rank over the workloads, in the order given; ties share the mean of their ranks.</param>
/// <param name="ChiSquare">Friedman's χ²_F = 12N / (k(k+1)) [Σ R_j² − k(k+1)²/4].</param>
/// <param name="F">Iman and Davenport's F_F = (N−1) χ²_F / (N(k−1) − χ²_F), F-distributed with (k−1, (k−1)(N−1)) degrees of freedom.</param>
/// <param name="PValue">P(F ≥ F_F) under the hypothesis that all policies are equivalent.</param>
/// <param name="CriticalDifference">Nemenyi's CD = q_α √(k(k+1)/(6N)): two policies whose mean ranks differ by less are not distinguished.</param>
/// <param name="Alpha">The level of the test and of the critical difference.</param>
public sealed record FriedmanResult(int Workloads, IReadOnlyList<double> MeanRanks, double ChiSquare, double F, double PValue, double CriticalDifference, double Alpha)
{
    /// <summary>k, the policies compared.</summary>
    public int Policies => MeanRanks.Count;

    /// <summary>True when the test rejects "all policies are equivalent" at <see cref="Alpha"/>.</summary>
    public bool Differs => PValue < Alpha;

    /// <summary>The indices of the policies whose mean rank is within the critical difference of the best mean rank.</summary>
    public IReadOnlyList<int> TiedWithBest()
    {
        double best = MeanRanks.Min();
        return [.. Enumerable.Range(0, MeanRanks.Count).Where(i => MeanRanks[i] - best < CriticalDifference)];
    }
}
