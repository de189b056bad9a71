using System.Text.Json.Serialization;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// A policy entry searched by a Gaussian process (<c>search: {sampler: gp}</c>). Its first <see cref="Initial"/>
/// settings are drawn at random when the file is read (the same draws as a random search with the same seed) and
/// registered like a grid's; the rest are proposed while the study runs, one at a time, by whichever worker is idle
/// (<see cref="Search.GpProposer"/>). The search is stored with the study, so every worker proposes by the same rule.
/// </summary>
public sealed record BayesianSearch
{
    /// <summary>The entry's place in the file (policies[3]); tags its trials (<see cref="Trial.SearchId"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The sampler that proposes its later settings (a registered name; stores before samplers were named hold gp searches only).</summary>
    public string Sampler { get; init; } = "gp";

    /// <summary>The policy searched (its registry name).</summary>
    public required string Function { get; init; }

    /// <summary>The searched parameters; the entry's params stay as written.</summary>
    public required IReadOnlyList<SearchParameter> Space { get; init; }

    /// <summary>How many settings in all (each is trained for every method and seed).</summary>
    public required int Trials { get; init; }

    /// <summary>How many of them are drawn at random first.</summary>
    public required int Initial { get; init; }

    /// <summary>Seeds the random draws and the proposals' candidate points.</summary>
    public long Seed { get; init; }

    /// <summary>The study file's line (for messages).</summary>
    [JsonIgnore]
    public int Line { get; init; }
}
