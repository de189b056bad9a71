namespace LRBench.Schedules.Transformers;

/// <summary>get_linear_schedule_with_warmup.</summary>
public sealed class LinearWithWarmup(double baseLr, long numWarmupSteps, long numTrainingSteps) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s) => s < numWarmupSteps
        ? Warmup(s, numWarmupSteps)
        : Math.Max(0.0, (double)(numTrainingSteps - s) / Math.Max(1, numTrainingSteps - numWarmupSteps));
}
