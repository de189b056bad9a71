namespace LRBench.Schedules.Composition;

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
