namespace LRBench.Schedules.Specs;

/// <summary>true or false.</summary><param name="Value">The flag.</param>
public sealed record BoolValue(bool Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value ? "true" : "false";
}
