namespace LRBench.Adaptive;

/// <summary>What the warm-up test decided at the end of an epoch.</summary>
public sealed record AutoWuTest(long Step, IReadOnlyList<double> Probabilities, bool Positive, bool Switched, double? RestartLr);
