namespace LRBench.Studies.Running;

/// <summary>How one attempt at a trial ended, as a runner saw it (the trial's stored status says what is final).</summary>
public enum TrialEnding
{
    /// <summary>Trained to the end of its budget.</summary>
    Completed,

    /// <summary>The loss became NaN or infinite: a recorded outcome, not an error.</summary>
    Diverged,

    /// <summary>Stopped at a rung by the study's pruner: a recorded outcome with the evaluations made so far.</summary>
    Pruned,

    /// <summary>The attempt failed and the trial has no retries left.</summary>
    Failed,

    /// <summary>The attempt failed; the trial is pending again and will be retried.</summary>
    AttemptFailed,

    /// <summary>Stopped by the user (Ctrl-C); the trial was given back and resumes from its checkpoint.</summary>
    Interrupted,

    /// <summary>The lease ran out or another worker took over: this attempt's result was not recorded.</summary>
    Lost,

    /// <summary>The store could not be reached to record the result; the trial resumes once its lease expires.</summary>
    StoreUnreachable,

    /// <summary>The store refused this attempt's write: another attempt owns the trial now (the stale write is fenced off).</summary>
    Fenced,

    /// <summary>
    /// This worker's own environment failed (a folder it cannot write, a full disk): the trial was given back without
    /// spending one of its attempts, and the worker stops.
    /// </summary>
    WorkerFailed,

    /// <summary>Waits at a rung of promotion-based ASHA (its checkpoint kept) until it is promoted or the study ends.</summary>
    Paused,
}
