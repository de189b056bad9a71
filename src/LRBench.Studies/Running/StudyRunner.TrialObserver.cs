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
        TrialQueue queue, TrialClaim claim, IStudyObserver inner, LeaseKeeper lease, CancellationTokenSource stop, RungJudge? judge, ITrainingObserver? tracker, bool storeCheckpoints) : ITrainingObserver
    {
        /// <summary>
        /// With store checkpoints, each checkpoint also goes to the store (fenced: an attempt that lost the trial
        /// writes nothing). A store out of reach only leaves the previous one there; one above the store's limit fails
        /// the trial with that reason.
        /// </summary>
        public void OnCheckpoint(long step, string directory)
        {
            if (!storeCheckpoints || lease.Lost) return;
            byte[] archive = CheckpointArchive.Pack(directory);
            try
            {
                queue.SaveCheckpoint(claim, step, archive);
            }
            catch (Exception e) when (StoreUnreachable(e))
            {
            }
        }

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

        public bool MayWriteCheckpoint() => !lease.Lost && judge?.HoldsCheckpoints != true;
    }

    private sealed class NullObserver : IStudyObserver
    {
    }
}
