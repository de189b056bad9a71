namespace LRBench.Studies.Model.Results;

/// <summary>A snapshot ensemble of a trial: the last <see cref="Members"/> snapshots at <see cref="Step"/>.</summary>
public sealed record EnsembleRow
{
    public long TrialId { get; init; }

    public long Step { get; init; }

    public int Members { get; init; }

    public double Top1 { get; init; }

    public double Top5 { get; init; }

    public double? TestLoss { get; init; }
}
