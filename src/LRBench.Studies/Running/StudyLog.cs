using LRBench.Studies.Model.Results;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using Microsoft.Extensions.Logging;

namespace LRBench.Studies.Running;

/// <summary>
/// A study's progress as structured log events (Microsoft.Extensions.Logging), for log collectors: claim, start,
/// evaluation, finish, failure, lease lost and fenced, each with its event id and name and its values as fields
/// (trial id, label, seed, attempt, worker, step, metrics), and the event's name as the field <c>EventName</c> (the JSON
/// console formatter writes the event id but not its name). Nothing secret is logged: no store location appears.
/// </summary>
public sealed partial class StudyLog(ILogger logger) : IStudyObserver
{
    /// <inheritdoc />
    public void OnStudyStart(string study, int totalTrials, int alreadyFinished) => StudyStarted(logger, "study", study, totalTrials, alreadyFinished);

    /// <inheritdoc />
    public void OnTrialStart(TrialClaim claim, TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(plan);
        var t = claim.Trial;
        Claimed(logger, "claim", t.Id, t.Label, t.Method, t.Seed, claim.Attempt, t.Worker ?? "");
        Started(logger, "start", t.Id, plan.StartStep, plan.TotalSteps, plan.Policy);
    }

    /// <inheritdoc />
    public void OnTrialEvaluation(TrialClaim claim, EvaluationPoint point)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(point);
        var m = point.Metrics;
        Evaluated(logger, "evaluation", claim.Trial.Id, point.Step, point.Epoch, point.LearningRate, m.Top1, m.Top5, m.AverageConfidence, m.ConfidenceDeviation, m.ClassConfidenceDeviation, m.Loss);
    }

    /// <inheritdoc />
    public void OnTrialEnd(TrialClaim claim, TrialEnding ending, EvaluationPoint? final)
    {
        ArgumentNullException.ThrowIfNull(claim);
        long id = claim.Trial.Id;
        switch (ending)
        {
            case TrialEnding.Completed or TrialEnding.Diverged or TrialEnding.Pruned:
                Finished(logger, "finish", id, ending.ToText(), final?.Step, final?.BestTop1);
                break;
            case TrialEnding.Failed or TrialEnding.AttemptFailed:
                Failed(logger, "failure", id, claim.Attempt, ending.ToText());
                break;
            case TrialEnding.Lost:
                LeaseLost(logger, "lease_lost", id, claim.Attempt);
                break;
            case TrialEnding.Fenced:
                Fenced(logger, "fenced", id, claim.Attempt);
                break;
            default:
                Stopped(logger, "stopped", id, ending.ToText());
                break;
        }
    }

    [LoggerMessage(EventId = 1, EventName = "study", Level = LogLevel.Information, Message = "{EventName}: study {Study}: {Trials} trials, {Finished} already finished")]
    private static partial void StudyStarted(ILogger logger, string eventName, string study, int trials, int finished);

    [LoggerMessage(EventId = 2, EventName = "claim", Level = LogLevel.Information, Message = "{EventName}: trial {TrialId} ({Label} [{Method}] seed {Seed}) claimed, attempt {Attempt}, by {Worker}")]
    private static partial void Claimed(ILogger logger, string eventName, long trialId, string label, string method, long seed, int attempt, string worker);

    [LoggerMessage(EventId = 3, EventName = "start", Level = LogLevel.Information, Message = "{EventName}: trial {TrialId} starts at step {StartStep} of {TotalSteps}: {Policy}")]
    private static partial void Started(ILogger logger, string eventName, long trialId, long startStep, long totalSteps, string policy);

    [LoggerMessage(EventId = 4, EventName = "evaluation", Level = LogLevel.Information, Message = "{EventName}: trial {TrialId} step {Step} (epoch {Epoch}, LR {Lr}): top-1 {Top1}, top-5 {Top5}, AC {Ac}, CD {Cd}, CDAC {Cdac}, test loss {TestLoss}")]
    private static partial void Evaluated(ILogger logger, string eventName, long trialId, long step, double epoch, double lr, double top1, double top5, double ac, double cd, double cdac, double testLoss);

    [LoggerMessage(EventId = 5, EventName = "finish", Level = LogLevel.Information, Message = "{EventName}: trial {TrialId} {Ending} at step {Step}, best top-1 {BestTop1}")]
    private static partial void Finished(ILogger logger, string eventName, long trialId, string ending, long? step, double? bestTop1);

    [LoggerMessage(EventId = 6, EventName = "failure", Level = LogLevel.Warning, Message = "{EventName}: trial {TrialId} attempt {Attempt}: {Ending} (lrbench study status shows the error)")]
    private static partial void Failed(ILogger logger, string eventName, long trialId, int attempt, string ending);

    [LoggerMessage(EventId = 7, EventName = "lease_lost", Level = LogLevel.Warning, Message = "{EventName}: trial {TrialId} attempt {Attempt}: the lease was lost; another worker takes the trial over")]
    private static partial void LeaseLost(ILogger logger, string eventName, long trialId, int attempt);

    [LoggerMessage(EventId = 8, EventName = "fenced", Level = LogLevel.Warning, Message = "{EventName}: trial {TrialId} attempt {Attempt}: the store refused this attempt's write (another attempt owns the trial)")]
    private static partial void Fenced(ILogger logger, string eventName, long trialId, int attempt);

    [LoggerMessage(EventId = 9, EventName = "stopped", Level = LogLevel.Information, Message = "{EventName}: trial {TrialId} {Ending}")]
    private static partial void Stopped(ILogger logger, string eventName, long trialId, string ending);
}
