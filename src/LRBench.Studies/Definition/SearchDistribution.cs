namespace LRBench.Studies.Definition;

/// <summary>How a random search draws one parameter.</summary>
internal enum SearchDistribution
{
    Uniform,
    LogUniform,
    Choice,
}
