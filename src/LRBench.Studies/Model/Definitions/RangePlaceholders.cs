using System.Globalization;
using System.Text.RegularExpressions;
using LRBench.Schedules.Specs;

namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// Values a study can take from a range test run before its trials: <c>$k0</c>, <c>$k1</c> (cyclic bounds),
/// <c>$low</c>, <c>$high</c> (good constant range) and the suggestions <c>$valley</c>, <c>$slide</c>,
/// <c>$minimum</c>, <c>$steep</c>, each optionally scaled: <c>$k1*2</c>, <c>$low/10</c>. In a spec a placeholder
/// is one value (a word of the spec language); <see cref="Fill"/> replaces it in the tree by a number.
/// </summary>
public static partial class RangePlaceholders
{
    public static readonly IReadOnlyList<string> Names = ["k0", "k1", "low", "high", "valley", "slide", "minimum", "steep"];

    /// <summary>Plausible values used to check specs before the range test has run.</summary>
    public static IReadOnlyDictionary<string, double> Provisional { get; } = new Dictionary<string, double>
    {
        ["k0"] = 1e-4, ["k1"] = 0.05, ["low"] = 1e-3, ["high"] = 0.1, ["valley"] = 3e-3, ["slide"] = 0.03, ["minimum"] = 0.01, ["steep"] = 2e-3,
    };

    /// <summary>True when the text mentions a placeholder (labels, parameters as written).</summary>
    public static bool Uses(string text) => Pattern().IsMatch(text ?? "");

    /// <summary>True when some value of the spec, at any depth, is a placeholder.</summary>
    public static bool Uses(SpecValue value) => value switch
    {
        PolicySpec p => p.Arguments.Any(a => Uses(a.Value)),
        ListValue l => l.Items.Any(Uses),
        TextValue t => Whole().IsMatch(t.Value),
        _ => false,
    };

    /// <summary>
    /// Writes every placeholder of a study file's text without spaces (<c>$k1 * 2</c> becomes <c>$k1*2</c>), so that
    /// the spec parser reads each as one word. Done once, to the text as the user wrote it, before it is parsed.
    /// </summary>
    public static string Compact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Pattern().Replace(text, m => "$" + m.Groups["name"].Value + (m.Groups["op"].Success ? m.Groups["op"].Value + m.Groups["factor"].Value : ""));
    }

    /// <summary>The spec with every placeholder replaced by its number (3 significant digits, so specs and labels stay readable).</summary>
    public static PolicySpec Fill(PolicySpec spec, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(values);
        return (PolicySpec)FillValue(spec, values);
    }

    private static SpecValue FillValue(SpecValue value, IReadOnlyDictionary<string, double> values) => value switch
    {
        PolicySpec p => p with { Arguments = [.. p.Arguments.Select(a => a with { Value = FillValue(a.Value, values) })] },
        ListValue l => new ListValue([.. l.Items.Select(i => FillValue(i, values))]),
        TextValue t when Whole().Match(t.Value) is { Success: true } m => new NumberValue(
            double.Parse(Value(m, values), NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => value,
    };

    /// <summary>Replaces every placeholder in display text (labels, parameters as written) by its value.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        return Pattern().Replace(text, m => Value(m, values));
    }

    private static string Value(Match m, IReadOnlyDictionary<string, double> values)
    {
        string name = m.Groups["name"].Value;
        if (!values.TryGetValue(name, out double v))
            throw new StudyFileException($"${name} is not a range-test value; known: {string.Join(", ", Names.Select(n => "$" + n))}");
        if (m.Groups["op"].Success)
        {
            double f = double.Parse(m.Groups["factor"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            v = m.Groups["op"].Value == "*" ? v * f : v / f;
        }

        return v.ToString("G3", CultureInfo.InvariantCulture);
    }

    private const string Expression = @"\$(?<name>[a-z0-9]+)(?:\s*(?<op>[*/])\s*(?<factor>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))?";

    [GeneratedRegex(Expression)]
    private static partial Regex Pattern();

    [GeneratedRegex("^" + Expression + "$")]
    private static partial Regex Whole();
}
