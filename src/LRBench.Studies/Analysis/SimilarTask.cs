using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Analysis;

/// <summary>A task the store holds, scored for how much it resembles the new one: what matches (<see cref="Reasons"/>) and what does not.</summary>
public sealed record SimilarTask(TaskRow Task, int Score, IReadOnlyList<string> Reasons)
{
    /// <summary>What differs from the new task (the stored task's side: "optimizer adamw", "data set mnist").</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];
}
