using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LRBench.Schedules.Specs;

/// <summary>Writes specs back out, as text or JSON; both forms read back to the same spec.</summary>
public static class SpecFormatter
{
    /// <summary>The text form, which <see cref="SpecParser.Parse"/> reads back to the same value.</summary>
    public static string ToText(SpecValue value) => value switch
    {
        PolicySpec p => p.Arguments.Count == 0
            ? p.Name
            : p.Name + "(" + string.Join(", ", p.Arguments.Select(a => a.Name is null ? ToText(a.Value) : $"{a.Name}={ToText(a.Value)}")) + ")",
        NumberValue n => double.IsNaN(n.Value) ? "nan" : double.IsPositiveInfinity(n.Value) ? "inf" : n.Value.ToString("R", CultureInfo.InvariantCulture),
        DurationValue d => d.Value.ToString(),
        BoolValue b => b.Value ? "true" : "false",
        NullValue => "null",
        ListValue l => "[" + string.Join(", ", l.Items.Select(ToText)) + "]",
        TextValue t => IsBareWord(t.Value) ? t.Value : "'" + t.Value + "'",
        _ => throw new ArgumentException($"unknown spec value {value.GetType().Name}", nameof(value)),
    };

    private static bool IsBareWord(string s) =>
        s.Length > 0
        && s.All(c => !char.IsWhiteSpace(c) && "()[],='\"".IndexOf(c, StringComparison.Ordinal) < 0)
        && SpecParser.Classify(s) is TextValue;

    /// <summary>The value as JSON (a policy as <c>{"policy": ..., "params": {...}}</c>).</summary>
    public static JsonNode? ToJsonNode(SpecValue value) => value switch
    {
        PolicySpec p => new JsonObject
        {
            ["policy"] = p.Name,
            ["params"] = new JsonObject(p.Arguments.Select(a => new KeyValuePair<string, JsonNode?>(
                a.Name ?? throw new SpecException($"{p.Name}: positional arguments must be named before writing JSON (normalize the spec first)"),
                ToJsonNode(a.Value)))),
        },
        NumberValue n => double.IsFinite(n.Value) ? JsonValue.Create(n.Value) : JsonValue.Create(ToText(n)),
        DurationValue d => JsonValue.Create(d.Value.ToString()),
        BoolValue b => JsonValue.Create(b.Value),
        NullValue => null,
        ListValue l => new JsonArray([.. l.Items.Select(ToJsonNode)]),
        TextValue t => JsonValue.Create(t.Value),
        _ => throw new ArgumentException($"unknown spec value {value.GetType().Name}", nameof(value)),
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The JSON form of a spec, which <see cref="SpecJson.Read(string)"/> reads back to the same spec.</summary>
    public static string ToJson(PolicySpec spec, bool indented = false) =>
        ToJsonNode(spec)!.ToJsonString(indented ? Indented : null);
}
