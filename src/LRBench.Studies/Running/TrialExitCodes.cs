namespace LRBench.Studies.Running;

/// <summary>How a trial's child process reports what became of the trial.</summary>
public static class TrialExitCodes
{
    /// <summary>Finished (completed or diverged) and written to the store.</summary>
    public const int Finished = 0;

    /// <summary>An error was caught and recorded as one of the trial's failures.</summary>
    public const int Failed = 4;

    /// <summary>Another worker took the trial over; nothing was written.</summary>
    public const int Lost = 3;

    /// <summary>The worker's own environment failed (<see cref="TrialEnding.WorkerFailed"/>); the trial was given back unharmed.</summary>
    public const int WorkerFailed = 5;

    /// <summary>Paused at a rung of promotion-based ASHA and written to the store as paused.</summary>
    public const int Paused = 6;

    /// <summary>Interrupted; the checkpoint is on disk and the trial was given back.</summary>
    public const int Released = 130;
}
