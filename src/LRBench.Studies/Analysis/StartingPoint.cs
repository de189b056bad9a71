using LRBench.Schedules;
using LRBench.Schedules.Specs;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Turns a policy recorded on another task into a starting point for a new one, by the LR rule the repository's
/// studies and suites use (docs/results.md): peaks and decaying starts at the range test's <c>$k1</c>, the lower bound
/// of a cycle at <c>$k0</c> (the higher at <c>$k1</c>), a constant or plateau policy's LR at <c>$minimum</c>. Only the policy's own LR arguments are
/// replaced (k0, k1, peak_lr, max_lr, base_lr, lr, max_lr of 1cycle); every other argument (periods, decay factors,
/// warm-up lengths) is kept as recorded.
/// </summary>
public static class StartingPoint
{
    private static readonly HashSet<string> Peaks = new(StringComparer.OrdinalIgnoreCase) { "k1", "peak_lr", "max_lr" };
    private static readonly HashSet<string> Constants = new(StringComparer.OrdinalIgnoreCase) { "base_lr", "lr" };

    /// <summary>The spec with its LR arguments replaced by range-test placeholders; unchanged when it has none.</summary>
    public static PolicySpec WithRangeTestLrs(PolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double? Number(string name) => spec.Arguments.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))?.Value is NumberValue n ? n.Value : null;
        double? k0 = Number("k0"), k1 = Number("k1");
        bool cyclic = k1 is not null;
        // Between two bounds the lower one is $k0, whichever argument holds it (COS writes its start, the high end, as k0).
        bool reversed = k0 is double lo && k1 is double hi && lo > hi;
        // A spec with only k0 is constant (FIX) or decaying from k0 (STEP, EXP, ...): the constant sits at $minimum, the decay starts at $k1.
        bool constant = string.Equals(spec.Name, "FIX", StringComparison.OrdinalIgnoreCase);
        SpecValue? Replace(SpecArgument a)
        {
            if (a.Name is null || a.Value is not NumberValue) return null;
            if (string.Equals(a.Name, "k1", StringComparison.OrdinalIgnoreCase)) return new TextValue(reversed ? "$k0" : "$k1");
            if (Peaks.Contains(a.Name)) return new TextValue("$k1");
            if (Constants.Contains(a.Name)) return new TextValue("$minimum");
            if (string.Equals(a.Name, "k0", StringComparison.OrdinalIgnoreCase)) return new TextValue(cyclic ? (reversed ? "$k1" : "$k0") : constant ? "$minimum" : "$k1");
            return null;
        }

        return spec with { Arguments = [.. spec.Arguments.Select(a => Replace(a) is { } v ? a with { Value = v } : a)] };
    }
    /// <summary>
    /// The spec with its spans in steps (plain numbers or <c>ba</c>) written as fractions of the recorded run
    /// (<c>l=2000</c> in a 10,000-step run becomes <c>l=0.2dur</c>), so its shape carries over to a budget of another
    /// length. Spans in epochs or fractions are kept; so is a spec whose record's budget is unknown.
    /// </summary>
    public static PolicySpec WithSpansAsFractions(PolicySpec spec, long? recordedBudgetSteps)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (recordedBudgetSteps is not long total || total <= 0) return spec;
        var definition = LRBench.Adaptive.Policies.Registry.Find(spec.Name);
        if (definition is null) return spec;
        SpecValue Fraction(SpecValue v) => v switch
        {
            NumberValue n => new DurationValue(Duration.Fraction(Math.Round(n.Value / total, 4))),
            DurationValue { Value.Unit: TimeUnit.Steps } d => new DurationValue(Duration.Fraction(Math.Round(d.Value.Value / total, 4))),
            _ => v,
        };
        return spec with
        {
            Arguments = [.. spec.Arguments.Select(a =>
            {
                var kind = definition.Parameters.FirstOrDefault(p => string.Equals(p.Name, a.Name, StringComparison.OrdinalIgnoreCase))?.Kind;
                return kind switch
                {
                    ParameterKind.Steps => a with { Value = Fraction(a.Value) },
                    ParameterKind.StepsList when a.Value is ListValue l => a with { Value = new ListValue([.. l.Items.Select(Fraction)]) },
                    _ => a,
                };
            })],
        };
    }
}
