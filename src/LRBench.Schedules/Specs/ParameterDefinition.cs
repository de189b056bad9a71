using System.Globalization;

namespace LRBench.Schedules.Specs;

/// <summary>What kind of value a parameter takes.</summary>
public enum ParameterKind
{
    /// <summary>A real number.</summary>
    Number,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>One word of a fixed list.</summary>
    Choice,
    /// <summary>A time span: a plain number of steps or a duration (<c>100ba</c>, <c>8ep</c>, <c>0.2dur</c>).</summary>
    Steps,
    /// <summary>A list of real numbers.</summary>
    Numbers,
    /// <summary>A list of whole numbers.</summary>
    Integers,
    /// <summary>A list of time spans (steps or durations).</summary>
    StepsList,
    /// <summary>A nested policy spec.</summary>
    Policy,
    /// <summary>A list of nested policy specs.</summary>
    Policies,
}

/// <summary>
/// One parameter of a policy: name (the reference library's own spelling), kind, default, allowed range and a
/// one-line description. Checked when a spec is compiled, with messages that name the parameter and the range.
/// </summary>
public sealed record ParameterDefinition(string Name, ParameterKind Kind, string Description)
{
    /// <summary>The value used when the spec leaves the parameter out; null means required unless <see cref="Optional"/>.</summary>
    public SpecValue? Default { get; init; }

    /// <summary>May be left out (or null) with no default: the policy decides what absence means.</summary>
    public bool Optional { get; init; }

    /// <summary>The smallest value allowed, if bounded below.</summary>
    public double? Min { get; init; }

    /// <see cref="Min"/> itself is not allowed.
    public bool MinExclusive { get; init; }

    /// <summary>The largest value allowed, if bounded above.</summary>
    public double? Max { get; init; }

    /// <see cref="Max"/> itself is not allowed.
    public bool MaxExclusive { get; init; }

    /// <summary>The words a <see cref="ParameterKind.Choice"/> parameter accepts.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The spec must give this parameter: it has no default and is not optional.</summary>
    public bool Required => Default is null && !Optional;

    /// <summary>The allowed range in words, e.g. "&gt; 0" or "in [0, 1]".</summary>
    public string RangeText()
    {
        if (Choices is not null) return "one of " + string.Join(", ", Choices);
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (Min is double lo && Max is double hi)
            return $"in {(MinExclusive ? "(" : "[")}{F(lo)}, {F(hi)}{(MaxExclusive ? ")" : "]")}";
        if (Min is double lo2) return (MinExclusive ? "> " : ">= ") + F(lo2);
        if (Max is double hi2) return (MaxExclusive ? "< " : "<= ") + F(hi2);
        return "";
    }

    /// <summary>The kind in words, as <c>lrbench schedule list -p</c> shows it.</summary>
    public string KindText() => Kind switch
    {
        ParameterKind.Number => "number",
        ParameterKind.Integer => "integer",
        ParameterKind.Bool => "true/false",
        ParameterKind.Choice => "choice",
        ParameterKind.Steps => "steps|ba|ep|dur",
        ParameterKind.Numbers => "list of numbers",
        ParameterKind.Integers => "list of integers",
        ParameterKind.StepsList => "list of steps|ep|dur",
        ParameterKind.Policy => "policy",
        ParameterKind.Policies => "list of policies",
        _ => Kind.ToString(),
    };

    /// <summary>
    /// The smallest non-zero size a number may have. Below it (subnormal numbers such as 1e-320) a division by the
    /// value overflows to infinity; every real setting is far above it.
    /// </summary>
    public const double MinMagnitude = 1e-300;

    /// <summary>The largest size a finite number may have: far above every real setting, far enough below
    /// <see cref="double.MaxValue"/> that sums and products of a few of them stay finite.</summary>
    public const double MaxMagnitude = 1e300;

    /// <summary>Checks a number against the range; returns the problem, or null when it is allowed.</summary>
    public string? CheckRange(double v)
    {
        if (double.IsNaN(v)) return "must be a number (got NaN)";
        bool tooLow = Min is double lo && (MinExclusive ? v <= lo : v < lo);
        bool tooHigh = Max is double hi && (MaxExclusive ? v >= hi : v > hi);
        if (double.IsInfinity(v) && Max is null && !tooLow) return "must be finite (got " + (v > 0 ? "inf" : "-inf") + ")";
        if (tooLow || tooHigh) return $"must be {RangeText()} (got {v.ToString("R", CultureInfo.InvariantCulture)})";
        if (double.IsFinite(v) && v != 0 && Math.Abs(v) < MinMagnitude)
            return $"must be 0 or at least 1e-300 in size (got {v.ToString("R", CultureInfo.InvariantCulture)})";
        if (double.IsFinite(v) && Math.Abs(v) > MaxMagnitude)
            return $"must be at most 1e300 in size (got {v.ToString("R", CultureInfo.InvariantCulture)})";
        return null;
    }
}

/// <summary>Short constructors for the catalogue.</summary>
public static class Param
{
    /// <summary>A number, with optional default and bounds.</summary>
    public static ParameterDefinition Number(string name, string description, double? @default = null, double? min = null, bool minExclusive = false, double? max = null, bool maxExclusive = false, bool optional = false) =>
        new(name, ParameterKind.Number, description)
        {
            Default = @default is double d ? new NumberValue(d) : null,
            Min = min, MinExclusive = minExclusive, Max = max, MaxExclusive = maxExclusive, Optional = optional,
        };

    /// <summary>A whole number, with optional default and bounds.</summary>
    public static ParameterDefinition Integer(string name, string description, long? @default = null, long? min = null, long? max = null, bool optional = false) =>
        new(name, ParameterKind.Integer, description)
        {
            Default = @default is long d ? new NumberValue(d) : null,
            Min = min, Max = max, Optional = optional,
        };

    /// <summary>A time span (steps, <c>ep</c> or <c>dur</c>), positive unless <paramref name="allowZero"/>.</summary>
    public static ParameterDefinition Steps(string name, string description, Duration? @default = null, bool optional = false, bool allowZero = false) =>
        new(name, ParameterKind.Steps, description)
        {
            Default = @default is Duration d ? new DurationValue(d) : null,
            Min = 0, MinExclusive = !allowZero, Optional = optional,
        };

    /// <summary>A flag with its default.</summary>
    public static ParameterDefinition Bool(string name, string description, bool @default) =>
        new(name, ParameterKind.Bool, description) { Default = new BoolValue(@default) };

    /// <summary>One of <paramref name="choices"/>, with its default.</summary>
    public static ParameterDefinition Choice(string name, string description, string @default, params string[] choices) =>
        new(name, ParameterKind.Choice, description) { Default = new TextValue(@default), Choices = choices };

    /// <summary>A required nested policy.</summary>
    public static ParameterDefinition Policy(string name, string description) =>
        new(name, ParameterKind.Policy, description);

    /// <summary>A required list of nested policies.</summary>
    public static ParameterDefinition Policies(string name, string description) =>
        new(name, ParameterKind.Policies, description);

    /// <summary>A list of values of <paramref name="kind"/>, with an optional lower bound on each item.</summary>
    public static ParameterDefinition List(string name, ParameterKind kind, string description, bool optional = false, double? min = null, bool minExclusive = false) =>
        new(name, kind, description) { Optional = optional, Min = min, MinExclusive = minExclusive };
}
