namespace LRBench.Schedules.Transformers;

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
