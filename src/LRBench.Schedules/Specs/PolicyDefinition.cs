namespace LRBench.Schedules.Specs;

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
    /// <summary>Other names the policy can be written with (e.g. transformers' scheduler names).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The parameter that receives unnamed arguments, if any.</summary>
    public string? Positional { get; init; }

    /// <summary>The parameter with this name (case-insensitive), or null.</summary>
    public ParameterDefinition? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
