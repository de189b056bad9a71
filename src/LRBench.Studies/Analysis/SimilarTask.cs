using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Analysis;

/// <summary>A task the store holds, scored for how much it resembles the new one, and why.</summary>
public sealed record SimilarTask(TaskRow Task, int Score, IReadOnlyList<string> Reasons);
