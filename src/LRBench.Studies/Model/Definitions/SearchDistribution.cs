namespace LRBench.Studies.Model.Definitions;

/// <summary>How a search draws one parameter: uniformly, uniformly in the logarithm, or from a list.</summary>
public enum SearchDistribution
{
    Uniform,
    LogUniform,
    Choice,
}
