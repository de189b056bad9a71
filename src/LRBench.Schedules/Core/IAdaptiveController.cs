namespace LRBench.Schedules;

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
