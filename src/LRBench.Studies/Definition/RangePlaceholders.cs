using System.Globalization;
using System.Text.RegularExpressions;

namespace LRBench.Studies.Definition;

/// <summary>
/// Values a study can take from a range test run before its trials: <c>$k0</c>, <c>$k1</c> (cyclic bounds),
/// <c>$low</c>, <c>$high</c> (good constant range) and the suggestions <c>$valley</c>, <c>$slide</c>,
/// <c>$minimum</c>, <c>$steep</c>, each optionally scaled: <c>$k1*2</c>, <c>$low/10</c>.
/// </summary>
public static partial class RangePlaceholders
{
    public static readonly IReadOnlyList<string> Names = ["k0", "k1", "low", "high", "valley", "slide", "minimum", "steep"];

    /// <summary>Plausible values used to check specs before the range test has run.</summary>
    public static IReadOnlyDictionary<string, double> Provisional { get; } = new Dictionary<string, double>
    {
        ["k0"] = 1e-4, ["k1"] = 0.05, ["low"] = 1e-3, ["high"] = 0.1, ["valley"] = 3e-3, ["slide"] = 0.03, ["minimum"] = 0.01, ["steep"] = 2e-3,
    };

    public static bool Uses(string text) => Pattern().IsMatch(text ?? "");

    /// <summary>Replaces every placeholder by its value (3 significant digits, so specs and labels stay readable).</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        return Pattern().Replace(text, m =>
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
        });
    }

    [GeneratedRegex(@"\$(?<name>[a-z0-9]+)(?:\s*(?<op>[*/])\s*(?<factor>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))?")]
    private static partial Regex Pattern();
}
