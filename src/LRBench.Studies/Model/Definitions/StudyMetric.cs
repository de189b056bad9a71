namespace LRBench.Studies.Model.Definitions;

/// <summary>A task's own metric as a study stores it (<c>studies.metric</c>): what the ranking reads, and which way is better.</summary>
/// <param name="Name">The metric's name (<see cref="LRBench.Training.Tasks.TaskMetric.Name"/>).</param>
/// <param name="HigherIsBetter">Its direction.</param>
public sealed record StudyMetric(string Name, bool HigherIsBetter)
{
    /// <summary>The longest name kept (names come back from the store, which is not trusted).</summary>
    public const int MaxNameLength = 64;
}
