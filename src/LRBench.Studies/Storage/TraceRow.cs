namespace LRBench.Studies.Storage;

/// <summary>One sample of a trial's LR trace.</summary>
public sealed class TraceRow
{
    public long TrialId { get; set; }

    public long Step { get; set; }

    public double Lr { get; set; }

    public double? Loss { get; set; }
}
