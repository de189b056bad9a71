namespace LRBench.Schedules.Transformers;

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
