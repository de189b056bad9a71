using System.Text.Json.Serialization;
using LRBench.Schedules;

namespace LRBench.Studies.Pruning;

/// <summary>
/// A study's pruner as its file gives it (<c>pruner:</c>). It is stored with the study, so that every worker applies
/// the same rule without the study file.
/// </summary>
public sealed record PrunerDefinition
{
    /// <summary>ASHA or the median rule.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<PrunerKind>))]
    public required PrunerKind Kind { get; init; }

    /// <summary>
    /// ASHA: the first rung (the least any trial trains). Median: the warm-up, before which no trial is stopped.
    /// </summary>
    public required Duration MinResource { get; init; }

    /// <summary>ASHA's eta: each rung keeps the top 1/eta and trains eta times longer.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>The median rule compares only once this many other trials have a score at the point.</summary>
    public int MinTrials { get; init; } = 3;

    /// <summary>
    /// Seeds the order in which the study queues its trials. A pruner decides as trials arrive at a rung, so the order
    /// matters: in the file's order (all decaying policies, then all cyclic ones, say) later arrivals keep beating the
    /// best so far and far more than 1/eta go on. A seeded shuffle makes every order equally likely, and the same seed
    /// gives the same order on every machine and after a resume.
    /// </summary>
    public long Seed { get; init; }

    /// <summary>
    /// Judge each trial only against the trials of its own seed and method at the rung. Trials of one seed share their
    /// initial weights and batch order, so differences between policies are not buried under differences between
    /// seeds (common random numbers); with several seeds, each seed is a bracket of its own.
    /// </summary>
    public bool Paired { get; init; }

    /// <summary>
    /// Fair rungs: each trial is judged at a low-LR point of its own instead of wherever its schedule happens to be at
    /// the rung (cyclic policies at their last cycle end, others after a short anneal); null judges at the rung as is.
    /// </summary>
    public FairRungs? Fair { get; init; }

    /// <summary>The study file's line (for errors found once the data is loaded).</summary>
    [JsonIgnore]
    public int Line { get; init; }

    /// <summary>The name used in study files and stored JSON: asha or median.</summary>
    public string Name => Kind == PrunerKind.Asha ? "asha" : "median";
}
