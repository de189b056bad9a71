namespace LRBench.Studies.Running;

/// <summary>What a run of <see cref="StudyRunner.Run"/> did.</summary>
public sealed record StudyRunSummary(int Trials, int Finished, int RanNow, int Failed, bool Interrupted)
{
    /// <summary>
    /// Why this worker stopped before the study was done, when its own environment failed during a trial (a folder it
    /// can no longer write, a full disk); that trial was released unharmed. Null otherwise.
    /// </summary>
    public string? EnvironmentProblem { get; init; }
}
