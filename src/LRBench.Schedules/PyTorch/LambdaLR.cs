namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.LambdaLR from C#: base_lr x lr_lambda(step), with the multiplier any function of the step.
/// A delegate has no text form, so this policy is built in code, not in the spec language (docs/policies.md).
/// </summary>
public sealed class LambdaLR : Schedule
{
    private readonly double _baseLr;
    private readonly Func<long, double> _lrLambda;

    /// <param name="baseLr">The optimizer's initial LR.</param>
    /// <param name="lrLambda">The multiplier of step t (PyTorch's last_epoch); it must return a finite number &gt;= 0.</param>
    public LambdaLR(double baseLr, Func<long, double> lrLambda)
    {
        if (!(baseLr >= 0) || !double.IsFinite(baseLr)) throw new ArgumentOutOfRangeException(nameof(baseLr), baseLr, "must be a finite number >= 0");
        _baseLr = baseLr;
        _lrLambda = lrLambda ?? throw new ArgumentNullException(nameof(lrLambda));
    }

    /// <inheritdoc />
    public override double LearningRate(long step) => _baseLr * Multiplier(_lrLambda, step);

    /// <summary>The delegate's value at a step, checked: a user's function that returns NaN or a negative number is named, not trained with.</summary>
    internal static double Multiplier(Func<long, double> f, long step)
    {
        double m = f(step);
        return m >= 0 && double.IsFinite(m) ? m : throw new InvalidOperationException($"the LR multiplier returned {m} at step {step}; it must be a finite number >= 0");
    }
}
