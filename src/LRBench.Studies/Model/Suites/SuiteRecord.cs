namespace LRBench.Studies.Model.Suites;

/// <summary>
/// A suite as the store keeps it: which studies are its workloads, the policies compared and how they are scored.
/// With the workloads' stored study texts it rebuilds the <see cref="SuiteDefinition"/>, so a display that has only
/// the store (the dashboard) scores the suite as <c>lrbench suite report</c> does from the file.
/// </summary>
/// <param name="Id">The row's id.</param>
/// <param name="Name">The suite's name.</param>
/// <param name="Workloads">The workloads in the file's order.</param>
/// <param name="Policies">The policies as written in the suite, in order.</param>
/// <param name="TargetOfBest">See <see cref="SuiteDefinition.TargetOfBest"/>.</param>
/// <param name="TauMax">See <see cref="SuiteDefinition.TauMax"/>.</param>
/// <param name="RecordedAt">When the suite file was last run or submitted against the store (ISO 8601, UTC).</param>
public sealed record SuiteRecord(long Id, string Name, IReadOnlyList<SuiteRecordWorkload> Workloads, IReadOnlyList<string> Policies, double TargetOfBest, double TauMax, string RecordedAt);
