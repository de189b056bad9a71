namespace LRBench.Studies.Pruning;

/// <summary>
/// What a pruner decides from, higher scores better; NaN (a diverged probe, a missing metric) is the worst score.
/// </summary>
/// <param name="Score">The trial's score at this rung.</param>
/// <param name="Others">The scores other trials recorded at this rung (only those of its seed and method when paired).</param>
/// <param name="Earlier">The trial's own scores at its earlier rungs.</param>
public sealed record RungEvidence(double Score, IReadOnlyList<double> Others, IReadOnlyList<double> Earlier)
{
    /// <summary>The trial's best score so far (its earlier rungs' and this one); NaN when none was measured.</summary>
    public double BestSoFar => Earlier.Append(Score).Where(s => !double.IsNaN(s)).DefaultIfEmpty(double.NaN).Max();
}
