namespace LRBench.Studies.Search;

/// <summary>One kind of sampler as the registry (<see cref="Samplers"/>) knows it.</summary>
/// <param name="Name">The name in study files (<c>search: {sampler: NAME}</c>) and in the store.</param>
/// <param name="ProposesWhileRunning">
/// True when settings after the first <c>initial</c> are proposed while the study runs (from the results so far);
/// false when every setting is drawn when the study file is read.
/// </param>
/// <param name="Sampler">The sampler.</param>
public sealed record SamplerType(string Name, bool ProposesWhileRunning, ISampler Sampler);
