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
}

/// <summary>
/// The running state of an adaptive policy. Protocol: read <see cref="LearningRate"/> for the next step, take the
/// step, then call <see cref="Observe"/> with that step's training loss. <see cref="SaveState"/> captures everything
/// (history, fitted models, counters) so a restored controller continues exactly as the original would have.
/// </summary>
public interface IAdaptiveController
{
    /// <summary>Optimizer steps observed so far.</summary>
    long Steps { get; }

    /// <summary>The LR for the next step.</summary>
    double LearningRate { get; }

    /// <summary>Records the training loss of the step just taken (non-finite values are ignored by the policy's tests).</summary>
    void Observe(double loss);

    /// <summary>Decisions the policy took so far, in order (e.g. "warm-up ended").</summary>
    IReadOnlyList<PolicyEvent> Events { get; }

    /// <summary>The whole state as JSON.</summary>
    string SaveState();

    /// <summary>Restores a state written by <see cref="SaveState"/> of a controller with the same spec and clock.</summary>
    void RestoreState(string json);
}

/// <summary>A decision an adaptive policy took after <paramref name="Step"/> steps, with a one-line explanation.</summary>
public sealed record PolicyEvent(long Step, string Kind, string Message);
