namespace LRBench.Studies.Storage;

/// <summary>A snapshot ensemble of a trial: the last <see cref="Members"/> snapshots at <see cref="Step"/>.</summary>
public sealed class EnsembleRow
{
    public long TrialId { get; set; }

    public long Step { get; set; }

    public int Members { get; set; }

    public double Top1 { get; set; }

    public double Top5 { get; set; }

    public double? TestLoss { get; set; }
}
