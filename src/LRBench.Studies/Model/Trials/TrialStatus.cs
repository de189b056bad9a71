namespace LRBench.Studies.Model.Trials;

/// <summary>
/// Where a trial is in its life: pending -> running -> completed | diverged | pruned | failed; an interrupted or abandoned
/// running trial returns to pending. Under promotion-based ASHA a running trial may wait at a rung (paused) until it is
/// promoted (pending again) or the study ends without promoting it (pruned). The store keeps the lower-case name (<see cref="TrialStatusText"/>).
/// </summary>
public enum TrialStatus
{
    /// <summary>Waiting to be claimed.</summary>
    Pending,

    /// <summary>Claimed by a worker that holds its lease.</summary>
    Running,

    /// <summary>Trained to the end of its budget.</summary>
    Completed,

    /// <summary>Stopped because the loss became NaN or infinite: a result, ranked after completed trials.</summary>
    Diverged,

    /// <summary>Gave up after repeated errors or abandoned attempts; its last error says why.</summary>
    Failed,

    /// <summary>Stopped early by the study's pruner at a rung (recorded in the store); its evaluations so far are kept.</summary>
    Pruned,

    /// <summary>
    /// Waiting at a rung of promotion-based ASHA with its checkpoint, claimed by no one: promoted, it is pending again
    /// and resumes; never promoted by the study's end, it is pruned there.
    /// </summary>
    Paused,
}
