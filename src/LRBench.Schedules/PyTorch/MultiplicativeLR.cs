namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.MultiplicativeLR from C#: lr_0 = base_lr and lr_t = lr_{t-1} x lr_lambda(t) for t &gt;= 1
/// (PyTorch multiplies from the first step on). The running products are kept, so each step costs one call.
/// Built in code, not in the spec language (a delegate has no text form).
/// </summary>
public sealed class MultiplicativeLR : Schedule
{
    private readonly double _baseLr;
    private readonly Func<long, double> _lrLambda;
    private readonly List<double> _products = [1.0];
    private readonly Lock _lock = new();

    /// <param name="baseLr">The optimizer's initial LR.</param>
    /// <param name="lrLambda">The factor applied at step t &gt;= 1; it must return a finite number &gt;= 0.</param>
    public MultiplicativeLR(double baseLr, Func<long, double> lrLambda)
    {
        if (!(baseLr >= 0) || !double.IsFinite(baseLr)) throw new ArgumentOutOfRangeException(nameof(baseLr), baseLr, "must be a finite number >= 0");
        _baseLr = baseLr;
        _lrLambda = lrLambda ?? throw new ArgumentNullException(nameof(lrLambda));
    }

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        lock (_lock)
        {
            // The product of the factors of steps 1..t, extended as far as asked (the same order PyTorch multiplies in).
            while (_products.Count <= step)
                _products.Add(_products[^1] * LambdaLR.Multiplier(_lrLambda, _products.Count));
            return _baseLr * _products[(int)Math.Min(step, int.MaxValue)];
        }
    }
}
