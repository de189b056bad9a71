namespace LRBench.Schedules.Specs;

/// <summary>A list in brackets.</summary><param name="Items">The items, in order.</param>
public sealed record ListValue(IReadOnlyList<SpecValue> Items) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => "[" + string.Join(", ", Items.Select(i => i.Describe())) + "]";

    /// <summary>Equal items in the same order (structural, not by list reference).</summary>
    public bool Equals(ListValue? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var i in Items) hash.Add(i);
        return hash.ToHashCode();
    }
}
