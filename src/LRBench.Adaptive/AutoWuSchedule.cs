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

    /// <summary>
    /// The warm-up ends early only after <c>patience</c> positive tests in a row, one every <c>test_every</c> steps, and
    /// before its cap at rho T: when the earliest such end is at or past the cap, no test can end it, and AutoWU is a
    /// fixed warm-up to max_lr (what happened on the character model in docs/results.md).
    /// </summary>
    public override string? Caution
    {
        get
        {
            long cap = (long)(totalSteps * options.MaxWarmupFraction);
            long earliest = options.Patience * stepsPerTest;
            if (cap <= 0 || earliest < cap) return null;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"AutoWU cannot end its warm-up by a test: {options.Patience} tests in a row every {stepsPerTest} steps end at step {earliest} at the earliest, not before the warm-up's cap at rho T = {cap} of {totalSteps} steps, so it will warm up to max_lr = {options.MaxLr:G4} and decay from there; test more often (test_every below {Math.Max(1, (cap - 1) / options.Patience)} steps) or raise rho");
        }
    }

    /// <summary>The LR when no test fires; past the run's end, 0 (where the final cosine ends).</summary>
    public override double LearningRate(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var lrs = _preview.Value;
        return step < lrs.Length ? lrs[step] : 0;
    }
}
