namespace LRBench.Schedules.Specs;

/// <summary>Where a policy comes from; groups the listing.</summary>
public enum PolicyFamily
{
    /// <summary>The 13 functions of the LRBench paper.</summary>
    LRBench,
    /// <summary>torch.optim.lr_scheduler, by class name.</summary>
    PyTorch,
    /// <summary>timm.scheduler, by class name.</summary>
    Timm,
    /// <summary>transformers' get_*_schedule functions.</summary>
    Transformers,
    /// <summary>Shapes from the literature (SGDR, 1cycle, REX, WSD, multiplicative cycles, warm-up shapes).</summary>
    Shapes,
    /// <summary>Policies made of other policies (join, repeat, multiply, sample, noise, warm-up wrappers).</summary>
    Composition,
    /// <summary>Policies that react to the training loss (AutoWU).</summary>
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
    /// <summary>Other names the policy can be written with (e.g. transformers' scheduler names).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The parameter that receives unnamed arguments, if any.</summary>
    public string? Positional { get; init; }

    /// <summary>The parameter with this name (case-insensitive), or null.</summary>
    public ParameterDefinition? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
