using System.Text.Json.Serialization;
using LRBench.Schedules;

namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// A study's pruner as its file gives it (<c>pruner:</c>). It is stored with the study, so that every worker applies
/// the same rule without the study file. Which rule <see cref="Name"/> stands for, and what its
/// <see cref="Settings"/> mean, is the business of the pruner registered under that name (LRBench.Studies.Pruning).
/// </summary>
public sealed record PrunerDefinition
{
    /// <summary>The registered pruner: asha, median, percentile.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Where pruning starts. ASHA: the first rung (the least any trial trains). Rules judged at every evaluation: the
    /// warm-up, before which no trial is stopped.
    /// </summary>
    public required Duration MinResource { get; init; }

    /// <summary>The pruner's own numeric settings by their study-file keys (reduction_factor, min_trials, percentile), defaults filled in.</summary>
    public IReadOnlyDictionary<string, double> Settings { get; init; } = new Dictionary<string, double>();

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

    /// <summary>
    /// Promotion instead of decisions on arrival (ASHA only): a trial reaching a rung waits there with its checkpoint
    /// and is promoted when it enters the top 1/eta of the rung, so that the top 1/eta of every rung go on whatever the
    /// order trials arrive in. Waiting trials never promoted are pruned when the study ends. False (on arrival) in
    /// stores written before it existed.
    /// </summary>
    public bool Promotion { get; init; }

    /// <summary>The study file's line (for errors found once the data is loaded).</summary>
    [JsonIgnore]
    public int Line { get; init; }

    /// <summary>A setting's value (the registered pruner fills in defaults when the file is read).</summary>
    public double Setting(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Settings.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"pruner {Name} has no setting '{key}'");
    }
}
