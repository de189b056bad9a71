using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Model.Suites;

/// <summary>One workload of a suite: the study it runs (the suite's policies on this workload's task).</summary>
/// <param name="Name">The workload's name in the suite.</param>
/// <param name="Study">Its study, named <c>SUITE.WORKLOAD</c>.</param>
/// <param name="StudyText">The study as a study file (YAML), which the store keeps with it.</param>
/// <param name="Target">
/// The score this workload's time-to-target is measured to, in the score's own units (top-1 as a fraction; bits per
/// character; loss); null: <see cref="SuiteDefinition.TargetOfBest"/> of the best policy's score.
/// </param>
public sealed record SuiteWorkload(string Name, StudyDefinition Study, string StudyText, double? Target);
