namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.CyclicLR (Smith 2017), with PyTorch's exact arithmetic: cycle = floor(1 + t/total),
/// x = 1 + t/total - cycle, scale = x/ratio on the way up and (x - 1)/(ratio - 1) on the way down.
/// Momentum (or Adam's beta1) moves inversely to the LR between max_momentum and base_momentum.
/// </summary>
public sealed class CyclicLR : Schedule
{
    private readonly double _baseLr;
    private readonly double _maxLr;
    private readonly double _total;
    private readonly double _stepRatio;
    private readonly CyclicMode _mode;
    private readonly double _gamma;
    private readonly bool _cycleMomentum;
    private readonly double _baseMomentum;
    private readonly double _maxMomentum;

    /// <summary>PyTorch's parameters: base_lr, max_lr, step_size_up, step_size_down (null: as up), mode, gamma, cycle_momentum, base_momentum, max_momentum.</summary>
    public CyclicLR(double baseLr, double maxLr, double stepSizeUp = 2000, double? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0,
        bool cycleMomentum = true, double baseMomentum = 0.8, double maxMomentum = 0.9)
    {
        _baseLr = baseLr;
        _maxLr = maxLr;
        double down = stepSizeDown ?? stepSizeUp;
        _total = stepSizeUp + down;
        _stepRatio = stepSizeUp / _total;
        _mode = mode;
        _gamma = gamma;
        _cycleMomentum = cycleMomentum;
        _baseMomentum = baseMomentum;
        _maxMomentum = maxMomentum;
    }

    /// <inheritdoc />
    public override bool CyclesMomentum => _cycleMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        var (scale, amplitude) = Scale(step);
        return _baseLr + ((_maxLr - _baseLr) * scale * amplitude);
    }

    /// <inheritdoc />
    public override double? Momentum(long step)
    {
        if (!_cycleMomentum) return null;
        var (scale, amplitude) = Scale(step);
        return _maxMomentum - ((_maxMomentum - _baseMomentum) * scale * amplitude);
    }

    private (double Scale, double Amplitude) Scale(long step)
    {
        double cycle = Math.Floor(1 + (step / _total));
        double x = 1.0 + (step / _total) - cycle;
        double scale = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        double amplitude = _mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
            _ => Math.Pow(_gamma, step),
        };
        return (scale, amplitude);
    }
}
