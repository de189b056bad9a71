namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.MultiStepLR: base_lr * gamma^(number of milestones &lt;= t); repeated milestones count twice, as PyTorch's Counter does.</summary>
public sealed class MultiStepLR : Schedule
{
    private readonly double _baseLr;
    private readonly long[] _milestones;
    private readonly double _gamma;

    /// <summary>base_lr times gamma for every milestone (a step count) passed.</summary>
    public MultiStepLR(double baseLr, IEnumerable<long> milestones, double gamma = 0.1)
    {
        _baseLr = baseLr;
        _milestones = [.. milestones.Order()];
        _gamma = gamma;
    }

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        // bisect_right: milestones are few, and a linear scan beats a binary search below a dozen.
        int passed = 0;
        while (passed < _milestones.Length && _milestones[passed] <= step) passed++;
        return _baseLr * Math.Pow(_gamma, passed);
    }
}
