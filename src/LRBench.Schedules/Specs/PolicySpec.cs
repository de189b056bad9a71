using System.Globalization;

namespace LRBench.Schedules.Specs;

/// <summary>A value in a policy spec, as typed by a person or read from JSON/YAML; typed and validated when compiled.</summary>
public abstract record SpecValue
{
    public abstract string Describe();
}

public sealed record NumberValue(double Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record DurationValue(Duration Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value.ToString();
}

public sealed record TextValue(string Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value;
}

public sealed record BoolValue(bool Value) : SpecValue
{
    /// <inheritdoc />
    public override string Describe() => Value ? "true" : "false";
}

public sealed record NullValue : SpecValue
{
    public static NullValue Instance { get; } = new();

    /// <inheritdoc />
    public override string Describe() => "null";
}

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

    public SpecValue? this[string name] =>
        Arguments.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Parses the text form, e.g. <c>OneCycleLR(max_lr=0.1, total_steps=1000)</c>.</summary>
    public static PolicySpec Parse(string text) => SpecParser.Parse(text);

    /// <summary>Reads either form: JSON if the text starts with '{', otherwise the text form.</summary>
    public static PolicySpec ParseAny(string text) =>
        text.TrimStart().StartsWith('{') ? SpecJson.Read(text).Policy : SpecParser.Parse(text);
}
