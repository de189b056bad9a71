using System.Globalization;
using System.Text.RegularExpressions;
using LRBench.Schedules;

namespace LRBench.Cli.Commands;

/// <summary>Reads durations written on the command line: <c>2ep</c>, <c>500ba</c>, <c>0.1dur</c>, or a plain number of steps.</summary>
internal static partial class DurationText
{
    public static Duration Parse(string text, string option)
    {
        var m = Pattern().Match(text.Trim());
        TimeUnit? unit = m.Success && m.Groups[2].Success ? Duration.ParseUnit(m.Groups[2].Value) : TimeUnit.Steps;
        if (!m.Success || unit is null || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0))
            throw new UserInputException($"{option}: '{text}' is not a positive duration; write e.g. 2ep (epochs), 500ba (steps), 0.1dur (fraction of the run) or 500");
        return new Duration(v, unit.Value);
    }

    [GeneratedRegex(@"^([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]+)?$")]
    private static partial Regex Pattern();
}
