namespace LRBench.Schedules.Specs;

/// <summary>A word or quoted string (a choice such as <c>cos</c>).</summary><param name="Value">The text.</param>
public sealed record TextValue(string Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value;
}
