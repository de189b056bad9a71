using LRBench.Schedules;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;

namespace LRBench.Training.Engine;

/// <summary>Hooks for progress displays and loggers; every method has an empty default.</summary>
public interface ITrainingObserver
{
    /// <summary>Something the user should know that is not an error, in one line (e.g. device auto fell back to the CPU).</summary>
    void OnNote(string message)
    {
    }

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

    /// <summary>
    /// An anneal probe (<see cref="TrainingOptions.AnnealProbes"/>) forked at <paramref name="fromStep"/> was
    /// evaluated; <paramref name="point"/> is the annealed model's (its step is fromStep plus the probe's length; its
    /// metrics are NaN when the probe diverged). The run itself is unchanged.
    /// </summary>
    void OnAnnealProbe(long fromStep, EvaluationPoint point)
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
