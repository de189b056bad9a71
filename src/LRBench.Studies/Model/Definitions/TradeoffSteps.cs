namespace LRBench.Studies.Model.Definitions;

/// <summary>A tradeoff's durations in optimizer steps: warm-up, every sampled duration (cycle end) and every fork point.</summary>
public sealed record TradeoffSteps(long StepsPerEpoch, long Warmup, IReadOnlyList<long> Ends, IReadOnlyList<long> Forks)
{
    public double Epochs(long steps) => (double)steps / StepsPerEpoch;
}
