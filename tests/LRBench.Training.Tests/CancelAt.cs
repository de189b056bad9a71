using LRBench.Training.Engine;

namespace LRBench.Training.Tests;

/// <summary>Cancels a run when it reaches step <paramref name="step"/>, as Ctrl-C would there.</summary>
internal sealed class CancelAt(long step, CancellationTokenSource cancel) : ITrainingObserver
{
    public void OnStep(StepProgress progress)
    {
        if (progress.Step == step) cancel.Cancel();
    }
}
