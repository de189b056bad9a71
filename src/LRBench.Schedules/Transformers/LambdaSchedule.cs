namespace LRBench.Schedules.Transformers;

/// <summary>
/// The Hugging Face transformers schedules: base_lr times a multiplier lambda(step) (they are torch LambdaLRs).
/// Warm-up is s / max(1, W) everywhere, so step 0 gets 0, exactly as in transformers.
/// </summary>
public abstract class LambdaSchedule(double baseLr) : Schedule
{
    /// <summary>The optimizer's initial LR, which the multiplier scales.</summary>
    public double BaseLr { get; } = baseLr;

    /// <inheritdoc />
    public override double LearningRate(long step) => BaseLr * Multiplier(step);

    /// <summary>The lambda of transformers' LambdaLR at <paramref name="step"/>.</summary>
    public abstract double Multiplier(long step);

    /// <summary>The warm-up multiplier step / max(1, warmup), as transformers computes it.</summary>
    protected static double Warmup(long step, long warmup) => (double)step / Math.Max(1, warmup);
}
