namespace LRBench.Schedules.Transformers;

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
