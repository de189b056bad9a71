namespace LRBench.Schedules.Shapes;

/// <summary>
/// The common recipe: linear warm-up from start_lr to peak_lr over warmup steps, then a cosine to min_lr at length
/// (length counts the warm-up, as optax's warmup_cosine_decay_schedule does), min_lr afterwards.
/// </summary>
public sealed class WarmupCosine(double peakLr, double warmup, double length, double minLr = 0, double startLr = 0) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        if (step < warmup) return startLr + ((peakLr - startLr) * step / warmup);
        if (step >= length) return minLr;
        return minLr + ((peakLr - minLr) * UnitShapes.CosineDecay((step - warmup) / (length - warmup)));
    }
}
