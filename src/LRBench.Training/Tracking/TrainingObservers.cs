using LRBench.Schedules;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Training.Tracking;

/// <summary>Several observers as one (a progress display and a TensorBoard writer, say): each hook goes to each, in order.</summary>
public sealed class TrainingObservers(params ITrainingObserver[] observers) : ITrainingObserver
{
    private readonly ITrainingObserver[] _observers = observers ?? throw new ArgumentNullException(nameof(observers));

    /// <inheritdoc />
    public void OnNote(string message)
    {
        foreach (var o in _observers) o.OnNote(message);
    }

    /// <inheritdoc />
    public void OnStart(TrainingPlan plan)
    {
        foreach (var o in _observers) o.OnStart(plan);
    }

    /// <inheritdoc />
    public void OnStep(StepProgress progress)
    {
        foreach (var o in _observers) o.OnStep(progress);
    }

    /// <inheritdoc />
    public void OnPolicyEvent(PolicyEvent policyEvent)
    {
        foreach (var o in _observers) o.OnPolicyEvent(policyEvent);
    }

    /// <inheritdoc />
    public void OnEvaluation(EvaluationPoint point)
    {
        foreach (var o in _observers) o.OnEvaluation(point);
    }

    /// <inheritdoc />
    public void OnAnnealProbe(long fromStep, EvaluationPoint point)
    {
        foreach (var o in _observers) o.OnAnnealProbe(fromStep, point);
    }

    /// <inheritdoc />
    public void OnCheckpoint(long step, string directory)
    {
        foreach (var o in _observers) o.OnCheckpoint(step, directory);
    }

    /// <inheritdoc />
    public void OnDiverged(long step, double loss)
    {
        foreach (var o in _observers) o.OnDiverged(step, loss);
    }

    /// <summary>True only when every observer allows it.</summary>
    public bool MayWriteCheckpoint() => _observers.All(o => o.MayWriteCheckpoint());
}
