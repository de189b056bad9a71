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

    /// <summary>
    /// The one-line text of the spec this schedule was compiled from (set once by the registry), e.g.
    /// <c>warmup_cosine(peak_lr=0.1, warmup=0.5ep)</c>; null for one built by its constructor.
    /// </summary>
    public string? SpecText => _specText?.Value;

    // Formatted when first asked for: compiling a spec (every trial, every nested policy) costs no text.
    private Lazy<string>? _specText;

    /// <summary>Called once by the registry that compiled this schedule; a schedule handed back for a nested policy keeps its own.</summary>
    internal void SetSpecText(Func<string> format) => _specText ??= new Lazy<string>(format);

    /// <summary>The spec's text when the schedule was compiled from one, else the policy's type name.</summary>
    public override string ToString() => SpecText ?? GetType().Name;

    /// <summary>The learning rates of steps 0 .. count-1.</summary>
    public double[] LearningRates(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new double[count];
        for (long t = 0; t < count; t++) values[t] = LearningRate(t);
        return values;
    }
}
