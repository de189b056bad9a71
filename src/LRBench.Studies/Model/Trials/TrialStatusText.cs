namespace LRBench.Studies.Model.Trials;

/// <summary>The store's text for each <see cref="TrialStatus"/>, and what counts as finished.</summary>
public static class TrialStatusText
{
    /// <summary>The lower-case name the store keeps (pending, running, completed, diverged, failed, pruned, paused).</summary>
    public static string ToText(this TrialStatus status) => status switch
    {
        TrialStatus.Pending => "pending",
        TrialStatus.Running => "running",
        TrialStatus.Completed => "completed",
        TrialStatus.Diverged => "diverged",
        TrialStatus.Failed => "failed",
        TrialStatus.Pruned => "pruned",
        TrialStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a trial status"),
    };

    /// <summary>Reads a stored status; anything else is damage (the store is not trusted), named in the exception.</summary>
    public static TrialStatus Parse(string text) => text switch
    {
        "pending" => TrialStatus.Pending,
        "running" => TrialStatus.Running,
        "completed" => TrialStatus.Completed,
        "diverged" => TrialStatus.Diverged,
        "failed" => TrialStatus.Failed,
        "pruned" => TrialStatus.Pruned,
        "paused" => TrialStatus.Paused,
        _ => throw new InvalidDataException($"'{text}' is not a trial status; known: pending, running, completed, diverged, failed, pruned, paused"),
    };

    /// <summary>Completed, diverged, pruned or failed: nothing more will run.</summary>
    public static bool IsFinished(this TrialStatus status) => status is TrialStatus.Completed or TrialStatus.Diverged or TrialStatus.Failed or TrialStatus.Pruned;
}
