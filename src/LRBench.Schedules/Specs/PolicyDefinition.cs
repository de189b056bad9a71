namespace LRBench.Schedules.Specs;

/// <summary>Where a policy comes from; groups the listing.</summary>
public enum PolicyFamily
{
    LRBench,
    PyTorch,
    Timm,
    Transformers,
    Shapes,
    Composition,
    Adaptive,
}

/// <summary>
/// A named policy in the registry: its parameters and how to build it. <see cref="Positional"/> names the parameter
/// that receives unnamed arguments (the wrapped policy of <c>warmup(...)</c>, the pieces of <c>join(...)</c>).
/// </summary>
public sealed record PolicyDefinition(
    string Name,
    PolicyFamily Family,
    string Description,
    IReadOnlyList<ParameterDefinition> Parameters,
    Func<PolicyArguments, Schedule> Build)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string? Positional { get; init; }

    public ParameterDefinition? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
