using System.Globalization;

namespace LRBench.Schedules.Specs;

/// <summary>A value in a policy spec, as typed by a person or read from JSON/YAML; typed and validated when compiled.</summary>
public abstract record SpecValue
{
    /// <summary>The value as it would be written in a spec, for messages.</summary>
    public abstract string Describe();
}

/// <summary>A number.</summary><param name="Value">The number.</param>
public sealed record NumberValue(double Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A time span with its unit (<c>8ep</c>).</summary><param name="Value">The span.</param>
public sealed record DurationValue(Duration Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value.ToString();
}

/// <summary>A word or quoted string (a choice such as <c>cos</c>).</summary><param name="Value">The text.</param>
public sealed record TextValue(string Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value;
}

/// <summary>true or false.</summary><param name="Value">The flag.</param>
public sealed record BoolValue(bool Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value ? "true" : "false";
}

/// <summary>An explicit <c>null</c>: the parameter is left to the policy.</summary>
public sealed record NullValue : SpecValue
{
    /// <summary>The one null value.</summary>
    public static NullValue Instance { get; } = new();

    /// <inheritdoc />
    public override string Describe() => "null";
}

/// <summary>A list in brackets.</summary><param name="Items">The items, in order.</param>
public sealed record ListValue(IReadOnlyList<SpecValue> Items) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => "[" + string.Join(", ", Items.Select(i => i.Describe())) + "]";
}

/// <summary>One argument of a spec; <see cref="Name"/> is null for a positional argument (a child policy).</summary>
public sealed record SpecArgument(string? Name, SpecValue Value);

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

    /// <summary>Parses the text form, e.g. <c>OneCycleLR(max_lr=0.1, total_steps=1000)</c>.</summary>
    public static PolicySpec Parse(string text) => SpecParser.Parse(text);

    /// <summary>Reads either form: JSON if the text starts with '{', otherwise the text form.</summary>
    public static PolicySpec ParseAny(string text) =>
        text.TrimStart().StartsWith('{') ? SpecJson.Read(text).Policy : SpecParser.Parse(text);
}
