namespace LRBench.Schedules.Transformers;

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
