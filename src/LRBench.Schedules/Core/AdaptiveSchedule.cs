namespace LRBench.Schedules;

/// <summary>
/// A policy that reacts to the training loss (AutoWU): its LR at step t depends on the losses of steps 0 .. t-1, so
/// it cannot be a pure function of the step. <see cref="Start"/> makes the controller one run uses.
/// <para>
/// <see cref="Schedule.LearningRate"/> is the policy's <em>preview</em>: the LRs it follows when it never reacts (for
/// AutoWU: the longest warm-up, then the decay). Listing and plotting use it; training must use a controller.
/// Adaptive policies cannot be nested inside combinators, which only see the step.
/// </para>
/// </summary>
public abstract class AdaptiveSchedule : Schedule
{
    /// <summary>A fresh controller for one run, positioned before step 0.</summary>
    public abstract IAdaptiveController Start();

    /// <summary>
    /// Why this policy, as configured for this run, cannot react as it is meant to (so it will only follow its
    /// preview), or null: a setting that is valid but almost certainly a mistake, which studies print as a warning.
    /// </summary>
    public virtual string? Caution => null;
}
