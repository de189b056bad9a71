namespace LRBench.Schedules.Specs;

/// <summary>One argument of a spec; <see cref="Name"/> is null for a positional argument (a child policy).</summary>
public sealed record SpecArgument(string? Name, SpecValue Value);
