using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Tasks;

namespace LRBench.Studies.Running;

/// <summary>
/// A study planned on its task and checked, not yet registered anywhere (<see cref="StudyRunner.Plan"/>): planning
/// needs no store, so a study file that cannot run is refused before a store is created or written. Only the planner
/// makes one, so its trials are always the study's own.
/// </summary>
public sealed class PlannedStudy
{
    internal PlannedStudy(StudyDefinition study, string definitionText, TrainingTask task, IReadOnlyList<Trial> trials, IReadOnlyDictionary<string, double>? rangeTestValues, RangeTestResult? rangeTest)
    {
        Study = study;
        DefinitionText = definitionText;
        Task = task;
        Trials = trials;
        RangeTestValues = rangeTestValues;
        RangeTest = rangeTest;
    }

    /// <summary>The study as defined (its placeholders unresolved: the stored definition is the user's).</summary>
    public StudyDefinition Study { get; }

    /// <summary>The study file's text, or the canonical text of a study built in code.</summary>
    public string DefinitionText { get; }

    /// <summary>The task its trials train on.</summary>
    public TrainingTask Task { get; }

    /// <summary>Its trials, compiled against the task's real clock.</summary>
    public IReadOnlyList<Trial> Trials { get; }

    /// <summary>The values the range test gave the placeholders; null when the study has none.</summary>
    public IReadOnlyDictionary<string, double>? RangeTestValues { get; }

    /// <summary>The range test run while planning; null when none ran (no placeholders, or its values were read back).</summary>
    public RangeTestResult? RangeTest { get; }

    /// <summary>What planning found valid but wrong-looking, one line each with the study file's line (print them before running).</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];
}
