using LRBench.Schedules;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;

namespace LRBench.Training.Engine;

/// <summary>What a run produced.</summary>
public sealed record TrainingResult
{
    /// <summary>What was run: data, model, steps and policy.</summary>
    public required TrainingPlan Plan { get; init; }

    /// <summary>How the run ended (completed, diverged, ...).</summary>
    public required RunStatus Status { get; init; }

    /// <summary>Steps actually taken.</summary>
    public long Steps { get; init; }

    /// <summary>The step whose loss was not finite, when the run diverged.</summary>
    public long? DivergedAtStep { get; init; }

    /// <summary>Every evaluation, in step order.</summary>
    public required IReadOnlyList<EvaluationPoint> Evaluations { get; init; }

    /// <summary>The LR and training loss at regularly spaced steps (and at a divergence).</summary>
    public required IReadOnlyList<TracePoint> Trace { get; init; }

    /// <summary>Elapsed time, including evaluations and checkpoints (over all resumed parts).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Time spent in optimizer steps only.</summary>
    public double ComputeSeconds { get; init; }

    /// <summary>Decisions an adaptive policy took during the run (AutoWU's switch), in order; empty for step-only policies.</summary>
    public IReadOnlyList<PolicyEvent> PolicyEvents { get; init; } = [];

    /// <summary>An adaptive policy's final state (JSON; AutoWU: its loss history, tests and fitted GP), null for step-only policies.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? PolicyState { get; init; }

    /// <summary>Snapshot ensembles evaluated during the run (<see cref="TrainingOptions.SnapshotEnsembles"/>).</summary>
    public IReadOnlyList<EnsemblePoint> Ensembles { get; init; } = [];

    /// <summary>The snapshot step the run started from, when it continued another run's trajectory.</summary>
    public long? StartedFromStep { get; init; }

    /// <summary>The last evaluation, if any.</summary>
    public EvaluationPoint? Final => Evaluations.Count > 0 ? Evaluations[^1] : null;
}
