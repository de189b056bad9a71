using LRBench.Schedules;

namespace LRBench.Adaptive;

/// <summary>AutoWU as a registry policy: <see cref="Start"/> makes the controller; the LR by step is the no-switch preview.</summary>
public sealed class AutoWuSchedule(AutoWuOptions options, long totalSteps, long stepsPerTest) : AdaptiveSchedule
{
    private readonly Lazy<double[]> _preview = new(() => AutoWu.Preview(options, totalSteps));

    /// <summary>The AutoWU settings the spec gave.</summary>
    public AutoWuOptions Options => options;

    /// <summary>The run length: the warm-up is at most max_warmup_fraction of it, the decay ends with it.</summary>
    public long TotalSteps => totalSteps;

    /// <summary>How many steps pass between two tests of the loss curve.</summary>
    public long StepsPerTest => stepsPerTest;

    /// <inheritdoc />
    public override IAdaptiveController Start() => new AutoWu(options, totalSteps, stepsPerTest);

    /// <summary>The LR when no test fires; past the run's end, 0 (where the final cosine ends).</summary>
    public override double LearningRate(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var lrs = _preview.Value;
        return step < lrs.Length ? lrs[step] : 0;
    }
}
