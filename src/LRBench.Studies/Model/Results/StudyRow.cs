using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Model.Results;

/// <summary>A study as stored: its name, its definition as written, and what analyses it needs.</summary>
public sealed record StudyRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The study file's text, kept for people (and for a changed file to be recognised); nothing re-reads it to run trials.</summary>
    public string Definition { get; init; } = "";

    public string? SourcePath { get; init; }

    public double? TargetAccuracy { get; init; }

    public string CreatedAt { get; init; } = "";

    /// <summary>For a tradeoff study, its curves' layout (what the tradeoff analysis needs); null for a study of policies.</summary>
    public TradeoffDefinition? Tradeoff { get; init; }

    /// <summary>The task's own metric, which ranks a study whose task is not classification; null: the validation loss does.</summary>
    public StudyMetric? Metric { get; init; }

    /// <summary>The study's pruner (what every worker applies at its trials' rungs); null: trials run to their budget.</summary>
    public PrunerDefinition? Pruner { get; init; }

    /// <summary>The study's Bayesian searches, whose remaining settings workers propose while the study runs; empty for most studies.</summary>
    public IReadOnlyList<BayesianSearch> Searches { get; init; } = [];

    /// <summary>The study's racer (seeds given out round by round to the settings still in the race); null: every setting runs every seed.</summary>
    public RacerDefinition? Racer { get; init; }

    /// <summary>True for a tradeoff study: its trials are curve points, reported by the tradeoff analysis rather than ranked.</summary>
    public bool IsTradeoff => Tradeoff is not null;
}
