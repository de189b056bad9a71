namespace LRBench.Schedules.Specs;

/// <summary>An explicit <c>null</c>: the parameter is left to the policy.</summary>
public sealed record NullValue : SpecValue
{
    /// <summary>The one null value.</summary>
    public static NullValue Instance { get; } = new();

    /// <inheritdoc />
    public override string Describe() => "null";
}
