using System.Globalization;

namespace LRBench.Schedules.Specs;

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

    /// <summary>
    /// A count of steps under its library's own name (PyTorch's step_size, transformers' num_warmup_steps): besides a
    /// number of steps it takes a duration (<c>0.5ep</c>, <c>0.1dur</c>), converted with the run clock; a whole-number
    /// parameter rounds it to the nearest step.
    /// </summary>
    public bool CountsSteps { get; init; }

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
        ParameterKind.Number when CountsSteps => "steps|ba|ep|dur",
        ParameterKind.Integer when CountsSteps => "steps|ba|ep|dur (whole steps)",
        ParameterKind.Integers when CountsSteps => "list of steps|ep|dur (whole steps)",
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
