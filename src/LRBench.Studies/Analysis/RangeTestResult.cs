namespace LRBench.Studies.Analysis;

/// <summary>A finished range test: the sweep, the suggestions and the ranges derived from them.</summary>
public sealed record RangeTestResult(
    IReadOnlyList<double> LearningRates, IReadOnlyList<double> Losses, IReadOnlyList<double> Smoothed, bool StoppedOnDivergence,
    IReadOnlyList<LrSuggestion> Suggestions, double GoodLow, double GoodHigh, double CyclicK0, double CyclicK1);
