namespace LRBench.Schedules.Specs;

/// <summary>Short constructors for the catalogue.</summary>
public static class Param
{
    /// <summary>A number, with optional default and bounds; <paramref name="countsSteps"/>: see <see cref="ParameterDefinition.CountsSteps"/>.</summary>
    public static ParameterDefinition Number(
        string name, string description, double? @default = null, double? min = null, bool minExclusive = false, double? max = null, bool maxExclusive = false,
        bool optional = false, bool countsSteps = false) =>
        new(name, ParameterKind.Number, description)
        {
            Default = @default is double d ? new NumberValue(d) : null,
            Min = min, MinExclusive = minExclusive, Max = max, MaxExclusive = maxExclusive, Optional = optional, CountsSteps = countsSteps,
        };

    /// <summary>A whole number, with optional default and bounds; <paramref name="countsSteps"/>: see <see cref="ParameterDefinition.CountsSteps"/>.</summary>
    public static ParameterDefinition Integer(string name, string description, long? @default = null, long? min = null, long? max = null, bool optional = false, bool countsSteps = false) =>
        new(name, ParameterKind.Integer, description)
        {
            Default = @default is long d ? new NumberValue(d) : null,
            Min = min, Max = max, Optional = optional, CountsSteps = countsSteps,
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
    public static ParameterDefinition List(string name, ParameterKind kind, string description, bool optional = false, double? min = null, bool minExclusive = false, bool countsSteps = false) =>
        new(name, kind, description) { Optional = optional, Min = min, MinExclusive = minExclusive, CountsSteps = countsSteps };
}
