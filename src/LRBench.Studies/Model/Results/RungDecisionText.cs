namespace LRBench.Studies.Model.Results;

/// <summary>The store's words for a <see cref="RungDecision"/>: continue, stop and pause.</summary>
public static class RungDecisionText
{
    /// <summary>The stored word.</summary>
    public static string ToText(this RungDecision decision) => decision switch
    {
        RungDecision.Continue => "continue",
        RungDecision.Stop => "stop",
        RungDecision.Pause => "pause",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "not a rung decision"),
    };

    /// <summary>Reads a stored decision; anything else is damage, named in the exception.</summary>
    public static RungDecision Parse(string text) => text switch
    {
        "continue" => RungDecision.Continue,
        "stop" => RungDecision.Stop,
        "pause" => RungDecision.Pause,
        _ => throw new InvalidDataException($"'{text}' is not a rung decision; known: continue, stop, pause"),
    };
}
