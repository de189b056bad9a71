namespace LRBench.Schedules;

/// <summary>
/// A learning-rate policy: a pure function of the optimizer step (0-based; step t is the t-th update).
/// Implementations are immutable and thread-safe; evaluating step t never depends on which steps were evaluated before.
/// </summary>
public abstract class Schedule
{
    /// <summary>The learning rate in effect for optimizer step <paramref name="step"/>.</summary>
    public abstract double LearningRate(long step);

    /// <summary>
    /// The momentum (SGD, RMSprop) or beta1 (Adam family) in effect for <paramref name="step"/>, or null when this
    /// policy leaves it to the optimizer.
    /// </summary>
    public virtual double? Momentum(long step) => null;

    /// <summary>True when <see cref="Momentum"/> returns a value for some steps.</summary>
    public virtual bool CyclesMomentum => false;

    /// <summary>Both values for one step.</summary>
    public ScheduleValue At(long step) => new(LearningRate(step), Momentum(step));

    /// <summary>The learning rates of steps 0 .. count-1.</summary>
    public double[] LearningRates(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new double[count];
        for (long t = 0; t < count; t++) values[t] = LearningRate(t);
        return values;
    }
}
