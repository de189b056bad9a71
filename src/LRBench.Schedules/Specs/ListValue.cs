namespace LRBench.Schedules.Specs;

/// <summary>A list in brackets.</summary><param name="Items">The items, in order.</param>
public sealed record ListValue(IReadOnlyList<SpecValue> Items) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => "[" + string.Join(", ", Items.Select(i => i.Describe())) + "]";
}
