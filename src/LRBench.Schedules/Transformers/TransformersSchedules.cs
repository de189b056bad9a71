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

/// <summary>get_linear_schedule_with_warmup.</summary>
public sealed class LinearWithWarmup(double baseLr, long numWarmupSteps, long numTrainingSteps) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s) => s < numWarmupSteps
        ? Warmup(s, numWarmupSteps)
        : Math.Max(0.0, (double)(numTrainingSteps - s) / Math.Max(1, numTrainingSteps - numWarmupSteps));
}

/// <summary>get_constant_schedule_with_warmup.</summary>
public sealed class ConstantWithWarmup(double baseLr, long numWarmupSteps) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s) => s < numWarmupSteps ? Warmup(s, numWarmupSteps) : 1.0;
}

/// <summary>get_cosine_schedule_with_warmup (num_cycles = 0.5 is a single half-cosine; not clamped after N, as in transformers).</summary>
public sealed class CosineWithWarmup(double baseLr, long numWarmupSteps, long numTrainingSteps, double numCycles = 0.5, double minLrRate = 0) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s)
    {
        if (s < numWarmupSteps) return Warmup(s, numWarmupSteps);
        double progress = (double)(s - numWarmupSteps) / Math.Max(1, numTrainingSteps - numWarmupSteps);
        double factor = 0.5 * (1.0 + Math.Cos(Math.PI * numCycles * 2.0 * progress));
        return Math.Max(0, (factor * (1 - minLrRate)) + minLrRate);
    }
}

/// <summary>get_cosine_with_hard_restarts_schedule_with_warmup: num_cycles equal cosine cycles after warm-up, 0 from N on.</summary>
public sealed class CosineWithHardRestarts(double baseLr, long numWarmupSteps, long numTrainingSteps, long numCycles = 1) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s)
    {
        if (s < numWarmupSteps) return Warmup(s, numWarmupSteps);
        double progress = (double)(s - numWarmupSteps) / Math.Max(1, numTrainingSteps - numWarmupSteps);
        if (progress >= 1.0) return 0.0;
        return Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * (numCycles * progress % 1.0))));
    }
}

/// <summary>get_polynomial_decay_schedule_with_warmup: from base_lr down to lr_end with the given power, then lr_end.</summary>
public sealed class PolynomialDecayWithWarmup(double baseLr, long numWarmupSteps, long numTrainingSteps, double lrEnd = 1e-7, double power = 1.0) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s)
    {
        if (s < numWarmupSteps) return Warmup(s, numWarmupSteps);
        if (s > numTrainingSteps) return lrEnd / BaseLr;
        double lrRange = BaseLr - lrEnd;
        long decaySteps = numTrainingSteps - numWarmupSteps;
        double pctRemaining = 1 - ((double)(s - numWarmupSteps) / decaySteps);
        double decay = (lrRange * Math.Pow(pctRemaining, power)) + lrEnd;
        return decay / BaseLr;
    }
}

/// <summary>get_inverse_sqrt_schedule: 1/sqrt((s + timescale - W)/timescale) after warm-up; timescale defaults to W, or 10,000 when W is 0.</summary>
public sealed class InverseSqrt(double baseLr, long numWarmupSteps, double? timescale = null) : LambdaSchedule(baseLr)
{
    private readonly double _timescale = timescale ?? (numWarmupSteps > 0 ? numWarmupSteps : 10_000);

    /// <inheritdoc />
    public override double Multiplier(long s)
    {
        if (s < numWarmupSteps) return Warmup(s, numWarmupSteps);
        double shift = _timescale - numWarmupSteps;
        return 1.0 / Math.Sqrt((s + shift) / _timescale);
    }
}

/// <summary>The shapes get_wsd_schedule offers for its warm-up and decay phases.</summary>
public enum WsdShape
{
    /// <summary>A straight line.</summary>
    Linear,
    /// <summary>Half a cosine.</summary>
    Cosine,
    /// <summary>1 - sqrt(x) for the decay (and its mirror image for the warm-up).</summary>
    OneMinusSqrt,
}

/// <summary>
/// get_wsd_schedule (warmup-stable-decay): warm-up over W, hold 1 for S steps, decay over D steps to min_lr_ratio,
/// then hold min_lr_ratio. Warm-up and decay shapes: linear, cosine or 1-sqrt.
/// </summary>
public sealed class WarmupStableDecay(double baseLr, long numWarmupSteps, long numStableSteps, long numDecaySteps,
    WsdShape warmupType = WsdShape.Linear, WsdShape decayType = WsdShape.Cosine, double minLrRatio = 0, double numCycles = 0.5) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s)
    {
        if (s < numWarmupSteps)
        {
            double progress = (double)s / Math.Max(1, numWarmupSteps);
            double factor = warmupType switch
            {
                WsdShape.Linear => progress,
                WsdShape.Cosine => 0.5 * (1.0 - Math.Cos(Math.PI * progress)),
                _ => 1.0 - Math.Sqrt(1.0 - progress),
            };
            return Math.Max(0.0, (factor * (1.0 - minLrRatio)) + minLrRatio);
        }

        if (s < numWarmupSteps + numStableSteps) return 1.0;

        if (s < numWarmupSteps + numStableSteps + numDecaySteps)
        {
            double progress = (double)(s - numWarmupSteps - numStableSteps) / Math.Max(1, numDecaySteps);
            double factor = decayType switch
            {
                WsdShape.Linear => 1.0 - progress,
                WsdShape.Cosine => 0.5 * (1.0 + Math.Cos(Math.PI * numCycles * 2.0 * progress)),
                _ => 1.0 - Math.Sqrt(progress),
            };
            return Math.Max(0.0, (factor * (1.0 - minLrRatio)) + minLrRatio);
        }

        return minLrRatio;
    }
}
