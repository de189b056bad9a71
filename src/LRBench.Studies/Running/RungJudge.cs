using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Studies.Running;

/// <summary>
/// Watches one claimed trial's evaluations and anneal probes for its rungs, has the store judge each one
/// (<see cref="RungDecisions.Judge"/>), and stops the run when the pruner says stop or the claim turns out stale. A
/// resumed attempt whose trial was already stopped at or before the step it resumes from stops at once; one that
/// resumes before that rung trains to it again and gets the recorded decision back. Under promotion-based ASHA a trial
/// told to wait stops the same way and is written as paused (<see cref="PausedAtRung"/>).
/// </summary>
internal sealed class RungJudge(TrialQueue queue, TrialClaim claim, PrunerDefinition pruner, StudyMetric? metric, CancellationTokenSource stop)
{
    private readonly IReadOnlyList<Rung> _rungs = claim.Trial.Trial.Rungs;
    private readonly HashSet<int> _decided = [];
    private long _reached;

    /// <summary>True once the pruner stopped the trial: the runner records it as pruned.</summary>
    public bool Pruned { get; private set; }

    /// <summary>True when the store no longer gives this attempt the trial (its result must not be written).</summary>
    public bool Stale { get; private set; }

    /// <summary>The rung the trial was told to wait at (promotion-based ASHA), or null: the runner writes it as paused.</summary>
    public Rung? PausedAtRung { get; private set; }

    /// <summary>
    /// True while a rung this attempt reached has no decision (its anneal probe was cut short by an interrupt, or the
    /// store did not answer): no checkpoint may be written then, or the next attempt would resume past the rung and
    /// never be judged at it. It resumes from the checkpoint before, and meets the rung again.
    /// </summary>
    public bool HoldsCheckpoints => _rungs.Any(r => r.Step <= _reached && !_decided.Contains(r.Index));

    public void OnStart(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Rungs before the step it resumes from were met by an earlier attempt (and judged: see HoldsCheckpoints).
        _reached = plan.StartStep;
        foreach (var r in _rungs.Where(r => r.Step <= plan.StartStep)) _decided.Add(r.Index);
        if (queue.StoppedAtStep(claim.Trial.Id) is long step && step <= plan.StartStep) Stop(pruned: true);
        // Resumed from a checkpoint at the rung it waits at (its worker died before writing the pause): wait again.
        else if (pruner.Promotion && queue.PausedAtStep(claim.Trial.Id) is long paused && paused <= plan.StartStep && _rungs.FirstOrDefault(r => r.Step == paused) is { } rung) Wait(rung);
    }

    public void OnEvaluation(EvaluationPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        _reached = Math.Max(_reached, point.Step);
        var rung = _rungs.FirstOrDefault(r => r.ProbeSteps == 0 && r.Step == point.Step);
        if (rung is not null) Judge(rung, point);
    }

    public void OnAnnealProbe(long fromStep, EvaluationPoint point)
    {
        var rung = _rungs.FirstOrDefault(r => r.ProbeSteps > 0 && r.Step == fromStep);
        if (rung is not null) Judge(rung, point);
    }

    private void Judge(Rung rung, EvaluationPoint point)
    {
        if (Pruned || Stale || PausedAtRung is not null) return;
        var decision = RungDecisions.Judge(queue, claim, pruner, rung, Score(point, metric));
        if (decision is not null) _decided.Add(rung.Index);
        switch (decision)
        {
            case RungDecision.Stop:
                Stop(pruned: true);
                break;
            case RungDecision.Pause:
                Wait(rung);
                break;
            case null:
                Stop(pruned: false);
                break;
        }
    }

    private void Wait(Rung rung)
    {
        PausedAtRung = rung;
        stop.Cancel();
    }

    private void Stop(bool pruned)
    {
        if (pruned) Pruned = true;
        else Stale = true;
        stop.Cancel();
    }

    /// <summary>
    /// A point's score, higher better, as the ranking reads trials: top-1 for classification, else the task's metric
    /// in its direction, else minus the validation loss. NaN when nothing was measured (a diverged probe).
    /// </summary>
    public static double Score(EvaluationPoint point, StudyMetric? metric)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!double.IsNaN(point.Metrics.Top1)) return point.Metrics.Top1;
        if (metric is not null && point.TaskMetric is double m && !double.IsNaN(m)) return metric.HigherIsBetter ? m : -m;
        return -point.Metrics.Loss;
    }
}
