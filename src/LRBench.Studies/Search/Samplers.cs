using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Search;

/// <summary>
/// The registration point of samplers: the study-file parser checks names here and the runner asks the study's
/// sampler for the next setting, so a new sampler is one file in this folder and one line below.
/// </summary>
public static class Samplers
{
    /// <summary>Every sampler, in the order error messages list them.</summary>
    public static IReadOnlyList<SamplerType> All { get; } = [RandomSampler.Type, GpSampler.Type];

    /// <summary>The sampler of that name, or null.</summary>
    public static SamplerType? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The sampler a stored search names.</summary>
    public static ISampler For(BayesianSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return (Find(search.Sampler) ?? throw new ArgumentException($"unknown sampler '{search.Sampler}'; known: {string.Join(", ", All.Select(s => s.Name))}", nameof(search))).Sampler;
    }
}
