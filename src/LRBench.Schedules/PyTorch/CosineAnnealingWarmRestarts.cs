namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (SGDR): cosine from base_lr to eta_min over T_0, then
/// T_0 T_mult, T_0 T_mult^2, ... epochs. With <c>itersPerEpoch</c>, step t is at epoch t / iters_per_epoch
/// (PyTorch's documented per-batch use, <c>scheduler.step(epoch + i / iters)</c>); without it, one step is one epoch.
/// The cycle is found by an integer loop, not PyTorch's <c>int(log(...))</c>, which lands one cycle short at some
/// exact restart points (e.g. T_0=1, T_mult=3, epoch 121); here every restart starts exactly at base_lr.
/// </summary>
public sealed class CosineAnnealingWarmRestarts : Schedule
{
    private readonly double _baseLr;
    private readonly long _t0;
    private readonly long _tMult;
    private readonly double _etaMin;
    private readonly long? _itersPerEpoch;

    /// <summary>PyTorch's parameters: base_lr, T_0 and T_mult (epochs), eta_min; <paramref name="itersPerEpoch"/> for per-batch stepping.</summary>
    public CosineAnnealingWarmRestarts(double baseLr, long t0, long tMult = 1, double etaMin = 0, long? itersPerEpoch = null)
    {
        _baseLr = baseLr;
        _t0 = t0;
        _tMult = tMult;
        _etaMin = etaMin;
        _itersPerEpoch = itersPerEpoch;
    }

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        double epoch = _itersPerEpoch is long ipe ? (double)step / ipe : step;
        var (tCur, tI) = Position(epoch);
        return _etaMin + ((_baseLr - _etaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2);
    }

    /// <summary>The position inside the current cycle and that cycle's length, for an epoch (fractional allowed).</summary>
    public (double TCur, double TI) Position(double epoch)
    {
        var (_, offset, length) = GeometricCycles.Locate(epoch, _t0, _tMult);
        return (offset, length);
    }
}
