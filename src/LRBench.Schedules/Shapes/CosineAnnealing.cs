namespace LRBench.Schedules.Shapes;

/// <summary>Seed 004's CosineAnnealingSchedule: half cosine from max_lr to min_lr over length, then min_lr.</summary>
public sealed class CosineAnnealing(double maxLr, double minLr, double length) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        step <= length ? minLr + ((maxLr - minLr) * UnitShapes.CosineDecay(step / length)) : minLr;
}
