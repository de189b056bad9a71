using System.Text.Json;
using Dapper;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Engine;

namespace LRBench.Studies.Storage;

/// <summary>The write side of the store, continued: a trial's results, as it runs and when it ends or pauses.</summary>
public sealed partial class TrialQueue
{
    /// <summary>
    /// Writes a finished trial's results in one transaction: status, timing, every evaluation and the LR trace.
    /// Returns false, writing nothing, if the claim is stale (another attempt owns the trial now). A trial its pruner
    /// stopped (<paramref name="pruned"/>) is recorded as pruned with the evaluations it made.
    /// </summary>
    public bool Finish(TrialClaim claim, TrainingResult result, string machine, string versions, bool pruned = false)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Status == RunStatus.Diverged ? TrialStatus.Diverged : pruned ? TrialStatus.Pruned : TrialStatus.Completed;
        return Write(claim, result, machine, versions, "@status", status.ToText(), rung: -1);
    }

    /// <summary>
    /// Writes the results of a trial that stopped at a rung to wait for promotion (its checkpoint is on disk) and
    /// gives it up: paused, or pending at once when it was promoted while it stopped. A promoted trial writes its
    /// results again when it finishes. Fenced like <see cref="Finish"/>: false, writing nothing, when the claim is stale.
    /// </summary>
    public bool Pause(TrialClaim claim, TrainingResult result, string machine, string versions, int rung)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(result);
        const string pausedOrPromoted =
            "CASE WHEN EXISTS (SELECT 1 FROM rung_decisions WHERE trial_id = @id AND rung = @rung AND decision = 'continue') THEN 'pending' ELSE 'paused' END";
        return Write(claim, result, machine, versions, pausedOrPromoted, status: "", rung);
    }

    /// <summary>
    /// The one transaction of <see cref="Finish"/> and <see cref="Pause"/>: <paramref name="statusSql"/> is our own SQL
    /// (never input) reading @status or @rung. finished_at is when the attempt stopped, also for a pause.
    /// </summary>
    private bool Write(TrialClaim claim, TrainingResult result, string machine, string versions, string statusSql, string status, int rung)
    {
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        int updated = c.Execute(
            $"""
            UPDATE trials SET status = {statusSql}, worker = NULL, lease_expires_ms = NULL, lease_ms = NULL, finished_at = @now, steps = @steps, total_steps = @total,
                diverged_at_step = @diverged, wall_seconds = @wall, compute_seconds = @compute, machine = @machine, versions = @versions,
                policy_events = @events, started_from_step = @startedFrom
            WHERE id = @id AND attempts = @attempt AND status = 'running'
            """,
            new
            {
                status,
                rung,
                now = _store.Now(),
                steps = result.Steps,
                total = result.Plan.TotalSteps,
                diverged = result.DivergedAtStep,
                wall = result.WallSeconds,
                compute = result.ComputeSeconds,
                machine,
                versions,
                events = result.PolicyEvents.Count == 0 ? null : JsonSerializer.Serialize(result.PolicyEvents),
                startedFrom = result.StartedFromStep,
                id = claim.Trial.Id,
                attempt = claim.Attempt,
            }, tx);
        if (updated != 1)
        {
            tx.Rollback();
            return false;
        }

        long trialId = claim.Trial.Id;
        c.Execute("DELETE FROM evaluations WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute("DELETE FROM lr_trace WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute(
            """
            INSERT INTO evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, train_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds, task_metric)
            VALUES (@TrialId, @Step, @Epoch, @Lr, @Top1, @Top5, @Ac, @Cd, @Cdac, @TestLoss, @TrainLoss, @BestTop1, @BestTop1Step, @WallSeconds, @ComputeSeconds, @EvalSeconds, @TaskMetric)
            """,
            result.Evaluations.Select(e => EvaluationRowOf(trialId, e)), tx);
        // A trial that ended needs no checkpoint any more; a paused one resumes from it.
        if (rung < 0) c.Execute("DELETE FROM trial_checkpoints WHERE trial_id = @trialId", new { trialId }, tx);
        Backend.InsertTrace(c, tx, trialId, result.Trace);
        c.Execute("DELETE FROM snapshot_ensembles WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute("INSERT INTO snapshot_ensembles (trial_id, step, members, top1, top5, test_loss) VALUES (@TrialId, @Step, @Members, @Top1, @Top5, @TestLoss)",
            result.Ensembles.Select(e => new EnsembleRow
            {
                TrialId = trialId,
                Step = e.Step,
                Members = e.Members,
                Top1 = e.Metrics.Top1,
                Top5 = e.Metrics.Top5,
                TestLoss = Finite(e.Metrics.Loss),
            }), tx);
        tx.Commit();
        return true;
    }

    private static double? Finite(double v) => double.IsNaN(v) ? null : v;

    /// <summary>An evaluation as the store keeps it: NaN (a metric the task does not have) as NULL.</summary>
    private static StoredEvaluation EvaluationRowOf(long trialId, LRBench.Training.Metrics.EvaluationPoint e) => new()
    {
        TrialId = trialId,
        Step = e.Step,
        Epoch = e.Epoch,
        Lr = e.LearningRate,
        Top1 = Finite(e.Metrics.Top1),
        Top5 = Finite(e.Metrics.Top5),
        Ac = Finite(e.Metrics.AverageConfidence),
        Cd = Finite(e.Metrics.ConfidenceDeviation),
        Cdac = Finite(e.Metrics.ClassConfidenceDeviation),
        TestLoss = Finite(e.Metrics.Loss),
        TrainLoss = Finite(e.TrainLoss),
        BestTop1 = Finite(e.BestTop1),
        TaskMetric = e.TaskMetric is double m ? Finite(m) : null,
        BestTop1Step = e.BestTop1Step,
        WallSeconds = e.WallSeconds,
        ComputeSeconds = e.ComputeSeconds,
        EvalSeconds = e.EvaluationSeconds,
    };

    /// <summary>
    /// Records one evaluation of a running trial as it happens, so that live displays (the dashboard, `study status`)
    /// see it before the trial ends; the trial's final write replaces them all. Fenced like every write about a
    /// claimed trial: false, writing nothing, when another attempt owns the trial now.
    /// </summary>
    public bool RecordEvaluation(TrialClaim claim, LRBench.Training.Metrics.EvaluationPoint evaluation)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(evaluation);
        long trialId = claim.Trial.Id;
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        if (!Owns(c, tx, claim))
        {
            tx.Rollback();
            return false;
        }

        c.Execute("DELETE FROM evaluations WHERE trial_id = @trialId AND step = @step", new { trialId, step = evaluation.Step }, tx);
        c.Execute(
            """
            INSERT INTO evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, train_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds, task_metric)
            VALUES (@TrialId, @Step, @Epoch, @Lr, @Top1, @Top5, @Ac, @Cd, @Cdac, @TestLoss, @TrainLoss, @BestTop1, @BestTop1Step, @WallSeconds, @ComputeSeconds, @EvalSeconds, @TaskMetric)
            """, EvaluationRowOf(trialId, evaluation), tx);
        tx.Commit();
        return true;
    }
}
