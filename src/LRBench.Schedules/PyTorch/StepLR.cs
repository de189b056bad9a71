namespace LRBench.Schedules.PyTorch;

/// <summary>torch.optim.lr_scheduler.StepLR: base_lr * gamma^floor(t / step_size).</summary>
public sealed class StepLR(double baseLr, long stepSize, double gamma = 0.1) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => baseLr * Math.Pow(gamma, step / stepSize);
}

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

/// <summary>torch.optim.lr_scheduler.ExponentialLR: base_lr * gamma^t.</summary>
public sealed class ExponentialLR(double baseLr, double gamma) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => baseLr * Math.Pow(gamma, step);
}

/// <summary>torch.optim.lr_scheduler.ConstantLR: base_lr * factor until total_iters, then base_lr.</summary>
public sealed class ConstantLR(double baseLr, double factor = 1.0 / 3, long totalIters = 5) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) => baseLr * (factor + (step >= totalIters ? 1 - factor : 0));
}

/// <summary>torch.optim.lr_scheduler.LinearLR: the factor moves linearly from start_factor to end_factor over total_iters, then stays.</summary>
public sealed class LinearLR(double baseLr, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        baseLr * (startFactor + ((endFactor - startFactor) * Math.Min(totalIters, step) / totalIters));
}

/// <summary>torch.optim.lr_scheduler.PolynomialLR: base_lr * (1 - min(t, total_iters)/total_iters)^power.</summary>
public sealed class PolynomialLR(double baseLr, long totalIters = 5, double power = 1) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        baseLr * Math.Pow(1.0 - ((double)Math.Min(totalIters, step) / totalIters), power);
}

/// <summary>
/// torch.optim.lr_scheduler.CosineAnnealingLR: eta_min + (base_lr - eta_min)(1 + cos(pi t / T_max))/2.
/// Like PyTorch, it is not clamped at T_max: past it the LR rises again with period 2 T_max.
/// </summary>
public sealed class CosineAnnealingLR(double baseLr, double tMax, double etaMin = 0) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        etaMin + ((baseLr - etaMin) * (1 + Math.Cos(Math.PI * step / tMax)) / 2);
}
