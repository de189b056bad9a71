namespace LRBench.Schedules.Transformers;

/// <summary>
/// get_cosine_with_min_lr_schedule_with_warmup_lr_rate (transformers/optimization.py,
/// _get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda). Unlike the other warm-ups it is one step ahead:
/// (s + 1) / max(1, W) without warmup_lr_rate, else warmup_lr_rate + (1 - warmup_lr_rate) s / max(1, W - 1); then the
/// cosine runs on progress (s - W + 1) / max(1, N - W), floored at min_lr_rate.
/// </summary>
public sealed class CosineWithMinLrWarmupLrRate(
    double baseLr, long numWarmupSteps, long numTrainingSteps, double numCycles, double minLrRate, double? warmupLrRate) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long step)
    {
        double s = step, w = numWarmupSteps, n = numTrainingSteps;
        if (s < w)
        {
            return warmupLrRate is double r
                ? r + ((1.0 - r) * s / Math.Max(1, w - 1))
                : (s + 1.0) / Math.Max(1.0, w);
        }

        double progress = (s - w + 1.0) / Math.Max(1.0, n - w);
        double factor = 0.5 * (1.0 + Math.Cos(Math.PI * numCycles * 2.0 * progress));
        return Math.Max(0, (factor * (1 - minLrRate)) + minLrRate);
    }
}
