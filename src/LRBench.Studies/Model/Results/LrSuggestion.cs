namespace LRBench.Studies.Model.Results;

/// <summary>One suggestion: a name, the LR it picks, and how it was found.</summary>
public sealed record LrSuggestion(string Name, double LearningRate, string Rule);
