namespace LRBench.Schedules.Transformers;

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
