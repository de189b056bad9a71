namespace LRBench.Studies.Model.Suites;

/// <summary>One workload of a stored suite.</summary>
/// <param name="Name">The workload's name in the suite.</param>
/// <param name="Study">The name of its study in the same store.</param>
/// <param name="Target">Its stated target (see <see cref="SuiteWorkload.Target"/>); null: a fraction of the best.</param>
/// <param name="StudyText">Its study as a study file (YAML), so that a workload not submitted yet is known too.</param>
public sealed record SuiteRecordWorkload(string Name, string Study, double? Target, string StudyText);
