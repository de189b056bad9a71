namespace LRBench.Schedules.Specs;

/// <summary>A time span with its unit (<c>8ep</c>).</summary><param name="Value">The span.</param>
public sealed record DurationValue(Duration Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value.ToString();
}
