namespace LRBench.Studies.Search;

/// <summary>
/// Proposes a search's next setting from the settings finished and still training (Optuna's sampler). It sees only
/// numbers; the runner reads the study's trials under the study's lock and adds the setting's trials in the same
/// transaction, so two idle workers never propose for the same slot.
/// </summary>
public interface ISampler
{
    /// <summary>
    /// The next setting's parameter values (in the search's space order): the first candidate <paramref name="accept"/>
    /// takes (it refuses settings whose spec does not compile, or that exist already); null when none is found.
    /// </summary>
    double[]? Propose(SearchHistory history, Func<double[], bool> accept);
}
