using LRBench.Studies.Model.Results;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Studies.Running;

/// <summary>The runner, continued: what watches a trial while it trains.</summary>
public sealed partial class StudyRunner
{
    /// <summary>
    /// Forwards progress, stops the trial when its lease is lost (and keeps it from writing checkpoints then), and
    /// hands evaluations and probes to the pruner's judge.
    /// </summary>
    private sealed class TrialObserver(
        TrialQueue queue, TrialClaim claim, IStudyObserver inner, LeaseKeeper lease, CancellationTokenSource stop, RungJudge? judge, ITrainingObserver? tracker) : ITrainingObserver
    {
        public void OnStart(TrainingPlan plan)
        {
            inner.OnTrialStart(claim, plan);
            judge?.OnStart(plan);
        }

        public void OnEvaluation(EvaluationPoint point)
        {
            // Written as it happens for live displays; a store that cannot be reached now only delays that (the
            // trial's final write carries every evaluation).
            try
            {
                if (!lease.Lost) queue.RecordEvaluation(claim, point);
            }
            catch (Exception e) when (StoreUnreachable(e))
            {
            }

            tracker?.OnEvaluation(point);
            inner.OnTrialEvaluation(claim, point);
            judge?.OnEvaluation(point);
        }

        public void OnAnnealProbe(long fromStep, EvaluationPoint point) => judge?.OnAnnealProbe(fromStep, point);

        public void OnStep(StepProgress progress)
        {
            if (lease.Lost) stop.Cancel();
            tracker?.OnStep(progress);
            inner.OnTrialStep(claim, progress);
        }

        public bool MayWriteCheckpoint() => !lease.Lost;
    }

    private sealed class NullObserver : IStudyObserver
    {
    }
}
