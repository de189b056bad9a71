namespace LRBench.Schedules.Shapes;

/// <summary>
/// Seed 002's decay after AutoWU's warm-up, usable on its own: constant lr until (1 - cooldown_fraction) of length,
/// then a cosine down to 0 at length (and 0 afterwards).
/// </summary>
public sealed class ConstantThenCosine(double lr, double length, double cooldownFraction = 0.2) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double cooldownStart = length * (1 - cooldownFraction);
        if (step < cooldownStart) return lr;
        if (step >= length) return 0;
        return lr * UnitShapes.CosineDecay((step - cooldownStart) / (length - cooldownStart));
    }
}
