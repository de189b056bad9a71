using System.Globalization;

namespace LRBench.Schedules.Specs;

/// <summary>A number.</summary><param name="Value">The number.</param>
public sealed record NumberValue(double Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value.ToString("R", CultureInfo.InvariantCulture);
}
