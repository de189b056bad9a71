namespace LRBench.Studies.Running;

/// <summary>What a run of <see cref="StudyRunner.Run"/> did.</summary>
public sealed record StudyRunSummary(int Trials, int Finished, int RanNow, int Failed, bool Interrupted);
