using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Search;

/// <summary>What a sampler proposes from.</summary>
/// <param name="Search">The search (its space and seed).</param>
/// <param name="Index">The index of the setting to propose (0-based); keys the random streams, so the same history gives the same proposal on any machine.</param>
/// <param name="Finished">Finished settings: values and score (higher better; NaN for a diverged one, the worst).</param>
/// <param name="Pending">Settings still training: their values.</param>
public sealed record SearchHistory(BayesianSearch Search, int Index, IReadOnlyList<(double[] Values, double Score)> Finished, IReadOnlyList<double[]> Pending);
