namespace LRBench.Studies.Tradeoff;

/// <summary>Everything a tradeoff study shows, computed from stored results only.</summary>
public sealed record TradeoffResult
{
    public required IReadOnlyList<double> Durations { get; init; }

    public required IReadOnlyList<CurvePoint> Points { get; init; }

    public required IReadOnlyList<CurveCost> Costs { get; init; }

    public required IReadOnlyList<EnsembleCurvePoint> Ensembles { get; init; }

    public required IReadOnlyList<CurveGap> Gaps { get; init; }

    public required IReadOnlyList<MethodShift> Shifts { get; init; }

    public required IReadOnlyList<CurvePoint> ParetoBySeconds { get; init; }

    public required IReadOnlyList<CurvePoint> ParetoByEpochs { get; init; }

    public required double PredictedCostRatio { get; init; }

    public required string Baseline { get; init; }

    /// <summary>Trials that are not finished yet or failed (their points are missing).</summary>
    public required int Unfinished { get; init; }

    /// <summary>Seeds left out because some of their trials are not finished while another seed's are all finished.</summary>
    public IReadOnlyList<string> IncompleteSeeds { get; init; } = [];

    public required IReadOnlyList<string> Verdict { get; init; }
}
