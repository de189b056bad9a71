namespace LRBench.Studies.Model.Trials;

/// <summary>The names of <see cref="CurveKind"/> as study files, the store and reports write them, and their orders.</summary>
public static class CurveKinds
{
    /// <summary>What a user can ask for, in the order trials are queued (a trunk before its forks).</summary>
    public static readonly IReadOnlyList<CurveKind> Requestable = [CurveKind.Cyclic, CurveKind.Standard, CurveKind.Decaying, CurveKind.Fork];

    /// <summary>The lower-case name (cyclic, standard, decaying, trunk, fork).</summary>
    public static string ToText(this CurveKind kind) => kind switch
    {
        CurveKind.Cyclic => "cyclic",
        CurveKind.Standard => "standard",
        CurveKind.Decaying => "decaying",
        CurveKind.Trunk => "trunk",
        CurveKind.Fork => "fork",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a curve kind"),
    };

    /// <summary>A curve a user can ask for, by its name in any case; false for anything else (the trunk included).</summary>
    public static bool TryParseRequestable(string text, out CurveKind kind)
    {
        foreach (var k in Requestable)
        {
            if (string.Equals(k.ToText(), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Tables and chart legends list curves in this order: the baseline first, then the one-run curves.</summary>
    public static int DisplayOrder(this CurveKind kind) => kind switch
    {
        CurveKind.Standard => 0,
        CurveKind.Cyclic => 1,
        CurveKind.Decaying => 2,
        CurveKind.Fork => 3,
        _ => 4,
    };
}
