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

/// <summary>
/// PyTorch's ChainedScheduler over multiplicative schedulers: base_lr times the product of each child's factor
/// child(t) / base_lr. Children are compiled with the same base_lr.
/// </summary>
public sealed class Chained(double baseLr, IReadOnlyList<Schedule> children) : Schedule
{
    private readonly Schedule[] _children = [.. children];

    /// <inheritdoc />
    public override bool CyclesMomentum => _children.Any(c => c.CyclesMomentum);

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double lr = baseLr;
        foreach (var c in _children) lr *= c.LearningRate(step) / baseLr;
        return lr;
    }

    /// <inheritdoc />
    public override double? Momentum(long step)
    {
        double? last = null;
        foreach (var c in _children) last = c.Momentum(step) ?? last;
        return last;
    }
}

/// <summary>A policy's learning rate times a constant (momentum unchanged).</summary>
public sealed class Scale(Schedule inner, double factor) : Schedule
{
    /// <inheritdoc />
    public override bool CyclesMomentum => inner.CyclesMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step) => inner.LearningRate(step) * factor;

    /// <inheritdoc />
    public override double? Momentum(long step) => inner.Momentum(step);
}
