using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Running;

/// <summary>Words for a <see cref="TrialEnding"/> in progress lines, and which endings finish the trial.</summary>
public static class TrialEndingText
{
    /// <summary>The words progress displays print ("completed", "attempt failed", "store unreachable", ...).</summary>
    public static string ToText(this TrialEnding ending) => ending switch
    {
        TrialEnding.Completed => "completed",
        TrialEnding.Diverged => "diverged",
        TrialEnding.Pruned => "pruned",
        TrialEnding.Failed => "failed",
        TrialEnding.AttemptFailed => "attempt failed",
        TrialEnding.Interrupted => "interrupted",
        TrialEnding.Lost => "lost",
        TrialEnding.Fenced => "fenced",
        TrialEnding.StoreUnreachable => "store unreachable",
        TrialEnding.WorkerFailed => "released: this worker cannot go on",
        TrialEnding.Paused => "paused at a rung, waiting for promotion",
        _ => throw new ArgumentOutOfRangeException(nameof(ending), ending, "not a trial ending"),
    };

    /// <summary>Completed, diverged, pruned or failed: the trial is finished and counts towards the study's progress.</summary>
    public static bool FinishesTrial(this TrialEnding ending) => ending is TrialEnding.Completed or TrialEnding.Diverged or TrialEnding.Pruned or TrialEnding.Failed;

    /// <summary>The ending that matches a finished (or paused) trial's stored status.</summary>
    public static TrialEnding Of(TrialStatus status) => status switch
    {
        TrialStatus.Completed => TrialEnding.Completed,
        TrialStatus.Diverged => TrialEnding.Diverged,
        TrialStatus.Pruned => TrialEnding.Pruned,
        TrialStatus.Failed => TrialEnding.Failed,
        TrialStatus.Paused => TrialEnding.Paused,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a finished status"),
    };
}
