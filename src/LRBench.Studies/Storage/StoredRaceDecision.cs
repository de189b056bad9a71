using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>A race_decisions row as the database returns it, checked and turned into a <see cref="RaceDecisionRow"/>.</summary>
internal sealed class StoredRaceDecision
{
    public long Round { get; set; }
    public string Setting { get; set; } = "";
    public string Label { get; set; } = "";
    public long Seeds { get; set; }
    public double? MeanScore { get; set; }
    public string Decision { get; set; } = "";
    public double? Statistic { get; set; }
    public double? PValue { get; set; }
    public string Reason { get; set; } = "";
    public string Worker { get; set; } = "";

    /// <param name="store">The store the row was read from (<see cref="StoreLocation.Display"/>), named if the row is damaged.</param>
    public RaceDecisionRow ToRow(string store)
    {
        var decision = RaceDecisionText.Parse(Decision)
            ?? throw new StoreException($"{store} is damaged: a race decision of round {Round} is '{Shown(Decision)}', not continues, eliminated or finalist");
        if (Round is < 1 or > 100_000 || Seeds is < 0 or > 100_000)
            throw new StoreException($"{store} is damaged: a race decision's round ({Round}) must be 1 or more and its seeds ({Seeds}) 0 or more");
        return new RaceDecisionRow((int)Round, Setting, Label, (int)Seeds, MeanScore ?? double.NaN, decision, Statistic ?? double.NaN, PValue ?? double.NaN, Reason, Worker);
    }

    private static string Shown(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
