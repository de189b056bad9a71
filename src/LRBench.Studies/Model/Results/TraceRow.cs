namespace LRBench.Studies.Model.Results;

/// <summary>One sample of a trial's LR trace.</summary>
public sealed record TraceRow
{
    public long TrialId { get; init; }

    public long Step { get; init; }

    public double Lr { get; init; }

    public double? Loss { get; init; }
}
