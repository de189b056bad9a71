namespace LRBench.Schedules.Shapes;

/// <summary>
/// Cosine cycles with restarts whose periods grow by a factor (SGDR; seed 000's multiplicative cyclic LR): an
/// optional linear warm-up from warmup_start_lr to peak_lr, then cycles of period a, a r, a r^2, ... steps, each a
/// cosine from peak_lr peak_decay^i down to min_lr. Seed 000 uses warm-up 8 epochs and periods 8, 16, ... 256 epochs;
/// peak_decay &lt; 1 is its first open direction (decaying cycle amplitude). Cycles are counted with an integer loop.
/// </summary>
public sealed class MultiplicativeCyclic : Schedule
{
    private readonly double _peakLr;
    private readonly double _minLr;
    private readonly double _warmup;
    private readonly double _warmupStartLr;
    private readonly double _firstPeriod;
    private readonly double _factor;
    private readonly double _peakDecay;

    /// <summary>Cycles of period <paramref name="firstPeriod"/> times <paramref name="factor"/>^i steps after a warm-up of <paramref name="warmup"/> steps; each cycle's peak is <paramref name="peakLr"/> times <paramref name="peakDecay"/>^i.</summary>
    public MultiplicativeCyclic(double peakLr, double firstPeriod, double factor = 2, double minLr = 0,
        double warmup = 0, double warmupStartLr = 0, double peakDecay = 1)
    {
        _peakLr = peakLr;
        _firstPeriod = firstPeriod;
        _factor = factor;
        _minLr = minLr;
        _warmup = warmup;
        _warmupStartLr = warmupStartLr;
        _peakDecay = peakDecay;
    }

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        if (step < _warmup) return _warmupStartLr + ((_peakLr - _warmupStartLr) * step / _warmup);
        var (index, offset, period) = GeometricCycles.Locate(step - _warmup, _firstPeriod, _factor);
        double peak = _peakLr * Math.Pow(_peakDecay, index);
        return _minLr + ((peak - _minLr) * UnitShapes.CosineDecay(offset / period));
    }

    /// <summary>The step count at the end of each cycle (after warm-up) that ends within <paramref name="totalSteps"/>.</summary>
    public IReadOnlyList<long> CycleEnds(long totalSteps)
    {
        var ends = new List<long>();
        double end = _warmup, period = _firstPeriod;
        while (Math.Round(end + period) <= totalSteps)
        {
            end += period;
            ends.Add((long)Math.Round(end));
            period *= _factor;
        }

        return ends;
    }
}
