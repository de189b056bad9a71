namespace LRBench.Studies.Model.Results;

/// <summary>The store's words for a <see cref="RaceDecision"/>: continues, eliminated and finalist.</summary>
public static class RaceDecisionText
{
    /// <summary>The stored word (also what status and the dashboard print).</summary>
    public static string ToText(this RaceDecision decision) => decision switch
    {
        RaceDecision.Continues => "continues",
        RaceDecision.Eliminated => "eliminated",
        RaceDecision.Finalist => "finalist",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "not a race decision"),
    };

    /// <summary>Reads a stored decision; null for anything else (damage, which the caller names).</summary>
    public static RaceDecision? Parse(string text) => text switch
    {
        "continues" => RaceDecision.Continues,
        "eliminated" => RaceDecision.Eliminated,
        "finalist" => RaceDecision.Finalist,
        _ => null,
    };
}
