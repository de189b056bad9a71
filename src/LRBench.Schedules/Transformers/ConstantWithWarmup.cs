namespace LRBench.Schedules.Transformers;

/// <summary>get_constant_schedule_with_warmup.</summary>
public sealed class ConstantWithWarmup(double baseLr, long numWarmupSteps) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long s) => s < numWarmupSteps ? Warmup(s, numWarmupSteps) : 1.0;
}
