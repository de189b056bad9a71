using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;

namespace LRBench.Studies.Model.Trials;

/// <summary>
/// One trial of a study, as the planner made it and the store keeps it (canonical JSON in its row): what to train,
/// under which name, and where it sits in a tradeoff curve. Workers and trial processes run it from the row alone.
/// </summary>
public sealed record Trial
{
    /// <summary>The trial's identity inside its study: a hash of policy, method, seed and curve role (<see cref="KeyOf(PolicySpec, MethodSet, long, CurveRole?, OptimizerOptions?)"/>).</summary>
    public required string Key { get; init; }

    /// <summary>Short display name, e.g. <c>TRI2 k0=0.001 k1=0.05</c>.</summary>
    public required string Label { get; init; }

    /// <summary>The registry name of the outer policy (TRI2, warmup_cosine, ...).</summary>
    public required string Function { get; init; }

    /// <summary>The parameters as written in the study (grid values included), for tables.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The training methods applied (their values are also in <see cref="Training"/>).</summary>
    public required MethodSet Method { get; init; }

    /// <summary>
    /// Everything the trainer needs except where this run keeps its files: the policy, seed and methods included.
    /// <see cref="ForRun"/> adds the checkpoint folder, thread count and, for a fork, the trunk's snapshot.
    /// </summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>In a tradeoff study: the curve this trial samples; null in a policy study.</summary>
    public CurveRole? Curve { get; init; }

    /// <summary>For a fork: the key of the trunk trial whose snapshot it starts from.</summary>
    public string? TrunkKey { get; init; }

    /// <summary>
    /// Where a pruner judges this trial (<see cref="Pruning.RungPlanner"/>): its steps are evaluation steps of
    /// <see cref="Training"/>, and the probed ones its anneal probes. Empty in a study without a pruner.
    /// </summary>
    public IReadOnlyList<Rung> Rungs { get; init; } = [];

    /// <summary>For a setting of a Bayesian search: the search's id (<see cref="BayesianSearch.Id"/>); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SearchId { get; init; }

    /// <summary>
    /// True when the study's policy entry chose this trial's optimizer (<see cref="PolicyVariant.Optimizer"/>) rather
    /// than the task: the optimizer in <see cref="Training"/> is then part of the key. Left out of the row when false,
    /// so the rows of every other trial read as before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool OwnOptimizer { get; init; }

    /// <summary>The optimizer the policy entry chose (<see cref="OwnOptimizer"/>), or null when it is the task's.</summary>
    [JsonIgnore]
    public OptimizerOptions? ChosenOptimizer => OwnOptimizer ? Training.Optimizer : null;

    /// <summary>The policy (the one in <see cref="Training"/>).</summary>
    [JsonIgnore]
    public PolicySpec Policy => Training.Policy;

    /// <summary>The seed (the one in <see cref="Training"/>).</summary>
    [JsonIgnore]
    public long Seed => Training.Seed;

    /// <summary>
    /// The key of a trial: the first 16 hex digits of SHA-256 over the policy's text, the method, the seed and the curve
    /// role. It names the trial's checkpoint folder, so it must never change for a trial that exists.
    /// </summary>
    public static string KeyOf(PolicySpec policy, MethodSet method, long seed, CurveRole? curve) => KeyOf(policy, method, seed, curve, null);

    /// <summary>
    /// The key of a trial whose policy entry chose its own <paramref name="optimizer"/> (null: the task's, and the key
    /// is the one above): the optimizer's settings are hashed too.
    /// </summary>
    public static string KeyOf(PolicySpec policy, MethodSet method, long seed, CurveRole? curve, OptimizerOptions? optimizer)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(method);
        string text = string.Create(CultureInfo.InvariantCulture, $"{SpecFormatter.ToText(policy)}\n{method.Name}|{method.LabelSmoothing}|{method.MixupAlpha}\n{seed}");
        if (curve is not null) text += "\n" + JsonSerializer.Serialize(curve);
        if (optimizer is not null) text += "\noptimizer " + JsonSerializer.Serialize(optimizer);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>
    /// What makes trials seeds of one setting (rankings group them so, races race them, compute counts them): the
    /// key this trial would have on seed 0, the same for every seed of it.
    /// </summary>
    [JsonIgnore]
    public string SettingKey => KeyOf(Policy, Method, 0, Curve, ChosenOptimizer);

    /// <summary>
    /// Throws an <see cref="InvalidDataException"/> when <see cref="Key"/> is not the hash of what this trial trains:
    /// its row was changed by hand, and training it would write under another trial's name and checkpoint folder.
    /// Runners call it once, before training; readers trust the stored key.
    /// </summary>
    public void CheckKey()
    {
        string key = KeyOf(Policy, Method, Seed, Curve, ChosenOptimizer);
        if (key != Key)
            throw new InvalidDataException($"the stored trial's key {Key} is not the hash of what it trains ({key}); the row was changed by hand");
    }

    /// <summary>The trial's budget in optimizer steps on a task whose epoch is <paramref name="stepsPerEpoch"/> steps (the trainer's rounding, at least 1).</summary>
    public long BudgetSteps(long stepsPerEpoch) =>
        Math.Max(1, (long)Math.Round(new RunClock(stepsPerEpoch, null, Training.BaseLearningRate).ToSteps(Training.Budget, "budget")));

    /// <summary>The trainer's options for a run of this trial keeping its checkpoints in <paramref name="checkpointDirectory"/>.</summary>
    public TrainingOptions ForRun(string checkpointDirectory, int? threads = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        return Training with { CheckpointDirectory = checkpointDirectory, Threads = threads, StartFrom = StartFromDirectory(checkpointDirectory) };
    }

    /// <summary>For a fork: the trunk's snapshot folder, a sibling of this trial's (trials/TRUNK-KEY/snapshots/step-N); null otherwise.</summary>
    public string? StartFromDirectory(string checkpointDirectory)
    {
        if (TrunkKey is null || Curve?.StartFromStep is not long step) return null;
        string trials = Path.GetDirectoryName(Path.GetFullPath(checkpointDirectory)) ?? ".";
        return Trainer.SnapshotDirectory(Path.Combine(trials, TrunkKey), step);
    }

    /// <summary>The options every trial of a tradeoff curve gets on top of its task's: its run length, evaluations and snapshots.</summary>
    internal static TrainingOptions WithCurve(TrainingOptions options, CurveRole? curve) => curve is null ? options : options with
    {
        Budget = Duration.Steps(curve.BudgetSteps),
        EvaluateEvery = curve.EvaluateEveryEpoch ? Duration.Epochs(1) : Duration.Steps(curve.BudgetSteps),
        EvaluateAtSteps = curve.SampleSteps,
        SnapshotAtSteps = curve.KeepsSnapshots ? curve.SampleSteps : [],
        SnapshotEnsembles = curve.Ensembles,
    };
}
