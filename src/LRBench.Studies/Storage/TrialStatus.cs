namespace LRBench.Studies.Storage;

/// <summary>Trial states. pending -> running -> completed | diverged | failed; an interrupted or abandoned running trial returns to pending.</summary>
public static class TrialStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Diverged = "diverged";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Diverged or Failed;
}
