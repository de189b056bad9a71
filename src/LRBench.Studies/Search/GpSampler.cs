namespace LRBench.Studies.Search;

/// <summary>The Bayesian sampler: a Gaussian process with expected improvement (<see cref="GpProposer"/>).</summary>
public sealed class GpSampler : ISampler
{
    /// <summary>Its registration: <c>search: {sampler: gp, trials: N, initial: K, space: {...}}</c>.</summary>
    public static SamplerType Type { get; } = new("gp", ProposesWhileRunning: true, new GpSampler());

    /// <inheritdoc/>
    public double[]? Propose(SearchHistory history, Func<double[], bool> accept)
    {
        ArgumentNullException.ThrowIfNull(history);
        return GpProposer.Propose(history.Search, history.Index, history.Finished, history.Pending, accept);
    }
}
