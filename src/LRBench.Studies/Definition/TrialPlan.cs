using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LRBench.Schedules;
using LRBench.Training.Engine;

namespace LRBench.Studies.Definition;

/// <summary>One trial: a policy variant under a method set with a seed.</summary>
public sealed record TrialPlan(PolicyVariant Policy, MethodSet Method, long Seed)
{
    /// <summary>The trial's identity inside its study: a hash of what it trains, stable across runs of the same file.</summary>
    public string Key
    {
        get
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"{Policy.Spec}\n{Method.Name}|{Method.LabelSmoothing}|{Method.MixupAlpha}\n{Seed}");
            if (Policy.Curve is { } curve) text += "\n" + System.Text.Json.JsonSerializer.Serialize(curve);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    /// <summary>
    /// The trainer's options for this trial. The data options stay the task's for every seed: all trials of a study
    /// train and evaluate on the same images (the runner loads them once); the seed varies weights, order and mixup.
    /// </summary>
    public TrainingOptions ToTrainingOptions(TaskDefinition task, string checkpointDirectory, int? threads = null)
    {
        var options = PolicyOptions(task, checkpointDirectory, threads);
        if (Policy.Curve is not { } curve) return options;
        return options with
        {
            Budget = Duration.Steps(curve.BudgetSteps),
            EvaluateEvery = curve.EvaluateEveryEpoch ? Duration.Epochs(1) : Duration.Steps(curve.BudgetSteps),
            EvaluateAtSteps = curve.SampleSteps,
            SnapshotAtSteps = curve.KeepsSnapshots ? curve.SampleSteps : [],
            SnapshotEnsembles = curve.Ensembles,
            StartFrom = StartFromDirectory(checkpointDirectory),
        };
    }

    /// <summary>For a fork: the trunk's snapshot directory, a sibling of this trial's (trials/TRUNK-KEY/snapshots/step-N).</summary>
    public string? StartFromDirectory(string checkpointDirectory)
    {
        if (Policy.StartFrom is not { } trunk || Policy.Curve?.StartFromStep is not long step) return null;
        string trials = Path.GetDirectoryName(Path.GetFullPath(checkpointDirectory)) ?? ".";
        return Trainer.SnapshotDirectory(Path.Combine(trials, new TrialPlan(trunk, Method, Seed).Key), step);
    }

    /// <summary>For a fork: the trunk trial's key; null otherwise.</summary>
    public string? StartFromKey => Policy.StartFrom is { } trunk ? new TrialPlan(trunk, Method, Seed).Key : null;

    private TrainingOptions PolicyOptions(TaskDefinition task, string checkpointDirectory, int? threads) => new()
    {
        Data = task.Data,
        Model = task.Model,
        Optimizer = task.Optimizer,
        Policy = Policy.Spec,
        Budget = task.Budget,
        BatchSize = task.BatchSize,
        EvaluateEvery = task.EvaluateEvery,
        Seed = Seed,
        LabelSmoothing = Method.LabelSmoothing,
        MixupAlpha = Method.MixupAlpha,
        CheckpointDirectory = checkpointDirectory,
        CheckpointEvery = task.CheckpointEvery,
        Threads = threads,
    };
}
