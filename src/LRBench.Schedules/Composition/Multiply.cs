namespace LRBench.Schedules.Composition;

/// <summary>
/// The product of several policies' learning rates (composer stacks schedulers this way). Momentum comes from the
/// first factor that sets one.
/// </summary>
public sealed class Multiply(IReadOnlyList<Schedule> factors) : Schedule
{
    private readonly Schedule[] _factors = [.. factors];

    /// <inheritdoc />
    public override bool CyclesMomentum => _factors.Any(f => f.CyclesMomentum);

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double product = 1;
        foreach (var f in _factors) product *= f.LearningRate(step);
        return product;
    }

    /// <inheritdoc />
    public override double? Momentum(long step)
    {
        foreach (var f in _factors)
        {
            if (f.Momentum(step) is double m) return m;
        }

        return null;
    }
}
