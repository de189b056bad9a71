using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Tests;

/// <summary>A runner with the study it submits: what `lrbench study run FILE` does, in one call for tests.</summary>
internal sealed record BoundRunner(StudyRunner Runner, StudyDefinition Study, string Text)
{
    public StudyRunSummary Run(IStudyObserver? observer = null, CancellationToken cancel = default) => Runner.SubmitAndRun(Study, Text, observer, cancel);

    public IReadOnlyDictionary<string, double>? RangeTestValues => Runner.RangeTestValues;

    public LRBench.Studies.Model.Results.RangeTestResult? RangeTest => Runner.RangeTest;
}
