using System.Globalization;

namespace LRBench.Schedules;

/// <summary>A span of training time in some unit; resolved to steps once, against a <see cref="RunClock"/>.</summary>
public readonly record struct Duration(double Value, TimeUnit Unit)
{
    /// <summary>A number of optimizer steps.</summary>
    public static Duration Steps(double value) => new(value, TimeUnit.Steps);

    /// <summary>A number of epochs (fractions allowed).</summary>
    public static Duration Epochs(double value) => new(value, TimeUnit.Epochs);

    /// <summary>A fraction of the whole run.</summary>
    public static Duration Fraction(double value) => new(value, TimeUnit.FractionOfRun);

    /// <summary>The suffix a unit is written with: <c>ba</c>, <c>ep</c> or <c>dur</c>.</summary>
    public static string Suffix(TimeUnit unit) => unit switch
    {
        TimeUnit.Steps => "ba",
        TimeUnit.Epochs => "ep",
        _ => "dur",
    };

    /// <summary>Parses the unit suffix of a duration literal, or returns null when it is not one.</summary>
    public static TimeUnit? ParseUnit(string suffix) => suffix.ToLowerInvariant() switch
    {
        "ba" or "iter" or "steps" => TimeUnit.Steps,
        "ep" => TimeUnit.Epochs,
        "dur" => TimeUnit.FractionOfRun,
        _ => null,
    };

    /// <summary>
    /// Reads <c>2ep</c>, <c>500ba</c>, <c>0.1dur</c> or a plain number (steps). Returns false for anything else,
    /// including values that are not positive and finite.
    /// </summary>
    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string t = text.Trim();
        int split = t.Length;
        while (split > 0 && char.IsAsciiLetter(t[split - 1])) split--;
        TimeUnit? unit = split == t.Length ? TimeUnit.Steps : ParseUnit(t[split..]);
        if (unit is null) return false;
        if (!double.TryParse(t[..split].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v))
            return false;
        duration = new Duration(v, unit.Value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture) + Suffix(Unit);
}
