namespace LRBench.Schedules;

/// <summary>
/// What a spec is compiled against: how long an epoch and the run are (to resolve <c>8ep</c> and <c>0.2dur</c>),
/// and the optimizer's learning rate (the <c>base_lr</c> of PyTorch-style policies when a spec does not give one).
/// </summary>
public sealed record RunClock(long? StepsPerEpoch = null, long? TotalSteps = null, double? BaseLearningRate = null)
{
    /// <summary>A clock that knows nothing: specs compiled against it may use plain step counts only.</summary>
    public static RunClock None { get; } = new();

    /// <summary>Converts a duration to a number of optimizer steps (may be fractional, e.g. <c>0.5ep</c> of 7 steps).</summary>
    public double ToSteps(Duration duration, string parameter)
    {
        switch (duration.Unit)
        {
            case TimeUnit.Steps:
                return duration.Value;
            case TimeUnit.Epochs:
                if (StepsPerEpoch is not long spe)
                    throw new SpecException(parameter, $"'{duration}' is in epochs, but the number of steps per epoch is unknown (give the clock's StepsPerEpoch, or use steps: '{duration.Value}ba')");
                return duration.Value * spe;
            case TimeUnit.FractionOfRun:
                if (TotalSteps is not long total)
                    throw new SpecException(parameter, $"'{duration}' is a fraction of the run, but the run length is unknown (give the clock's TotalSteps, or use steps or epochs)");
                return duration.Value * total;
            default:
                throw new SpecException(parameter, $"unknown time unit in '{duration}'");
        }
    }
}
