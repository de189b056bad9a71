namespace LRBench.Schedules.Specs;

/// <summary>
/// A policy by name with its arguments: <c>TRI2(k0=0.001, k1=0.006, l=2000)</c>. Nested policies are values too,
/// so <c>warmup(COS(k0=0.1, k1=0, l=1000), length=1ep)</c> is one tree.
/// </summary>
public sealed record PolicySpec(string Name, IReadOnlyList<SpecArgument> Arguments) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => SpecFormatter.ToText(this);

    /// <summary>The value of the named argument (case-insensitive), or null when the spec does not give it.</summary>
    public SpecValue? this[string name] =>
        Arguments.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Two specs are equal when they have the same name and equal arguments in the same order (structural, not by list reference).</summary>
    public bool Equals(PolicySpec? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Arguments.SequenceEqual(other.Arguments);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var a in Arguments) hash.Add(a);
        return hash.ToHashCode();
    }

    /// <summary>
    /// A spec from typed values, for code: <c>PolicySpec.Create("TRI2", ("k0", 0.0003), ("k1", 0.046), ("l", Duration.Epochs(0.5)))</c>
    /// is the spec <c>TRI2(k0=0.0003, k1=0.046, l=0.5ep)</c>, whatever the current culture (text built with
    /// <c>$"k0={k0}"</c> under a decimal-comma culture is not). Nested policies are specs:
    /// <c>("inner", PolicySpec.Create("COS", ...))</c>. Names and values are checked when the spec is compiled.
    /// </summary>
    public static PolicySpec Create(string name, params (string Name, SpecValue Value)[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var (argument, value) in arguments)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(argument, nameof(arguments));
            ArgumentNullException.ThrowIfNull(value, argument);
        }

        return new PolicySpec(name, [.. arguments.Select(a => new SpecArgument(a.Name, a.Value))]);
    }

    /// <summary>Parses the text form, e.g. <c>OneCycleLR(max_lr=0.1, total_steps=1000)</c>.</summary>
    public static PolicySpec Parse(string text) => SpecParser.Parse(text);

    /// <summary>Reads either form: JSON if the text starts with '{', otherwise the text form.</summary>
    public static PolicySpec ParseAny(string text) =>
        text.TrimStart().StartsWith('{') ? SpecJson.Read(text).Policy : SpecParser.Parse(text);
}
