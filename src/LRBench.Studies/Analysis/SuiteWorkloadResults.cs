using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Suites;

namespace LRBench.Studies.Analysis;

/// <summary>What a store holds for one workload of a suite: its study's results (null before it was submitted) and the range test's values its placeholders took.</summary>
public sealed record SuiteWorkloadResults(SuiteWorkload Workload, StudyResults? Results, IReadOnlyDictionary<string, double>? RangeTestValues)
{
    /// <summary>The workload's task as its store describes it (for the recommendation check); null when unknown.</summary>
    public TaskRow? Task { get; init; }
}
