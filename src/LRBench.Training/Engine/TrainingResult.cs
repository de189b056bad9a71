using LRBench.Schedules;
using LRBench.Training.Metrics;

namespace LRBench.Training.Engine;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Trained for the whole budget.</summary>
    Completed,
    /// <summary>The training loss became NaN or infinite; the run stopped at <see cref="TrainingResult.DivergedAtStep"/>.</summary>
    Diverged,
    /// <summary>Cancelled before the end; a checkpoint was written if a directory was given.</summary>
    Interrupted,
}

/// <summary>One sample of the training trace: the LR used at a step and that step's mini-batch loss.</summary>
public readonly record struct TracePoint(long Step, double LearningRate, double Loss);

/// <summary>The shape of a run, known before it starts.</summary>
public sealed record TrainingPlan(
    string Dataset, string Model, long ParameterCount, int TrainSamples, int EvaluationSamples, string EvaluationName,
    int BatchSize, long StepsPerEpoch, long TotalSteps, double EvaluationInterval, long StartStep, string Policy);

/// <summary>Progress after one optimizer step.</summary>
public readonly record struct StepProgress(long Step, long TotalSteps, double Epoch, double Loss, double LearningRate, double SamplesPerSecond, double WallSeconds);

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

/// <summary>Hooks for progress displays and loggers; every method has an empty default.</summary>
public interface ITrainingObserver
{
    /// <summary>The run is about to take its first step (or its first after a resume).</summary>
    void OnStart(TrainingPlan plan)
    {
    }

    /// <summary>One optimizer step was taken.</summary>
    void OnStep(StepProgress progress)
    {
    }

    /// <summary>An adaptive policy took a decision (AutoWU ended its warm-up).</summary>
    void OnPolicyEvent(PolicyEvent policyEvent)
    {
    }

    /// <summary>An evaluation finished.</summary>
    void OnEvaluation(EvaluationPoint point)
    {
    }

    /// <summary>A checkpoint was written after <paramref name="step"/>.</summary>
    void OnCheckpoint(long step, string directory)
    {
    }

    /// <summary>The loss at <paramref name="step"/> was not finite; the run stops there.</summary>
    void OnDiverged(long step, double loss)
    {
    }

    /// <summary>
    /// Asked before every checkpoint or snapshot write. False when the run no longer owns its checkpoint folder: a
    /// study worker whose lease went to another worker must not write where the new owner resumes from.
    /// </summary>
    bool MayWriteCheckpoint() => true;
}
