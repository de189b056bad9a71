using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;

namespace LRBench.Studies.Definition;

/// <summary>What every trial of a study trains: data, model, optimizer, batch size, budget, evaluation interval.</summary>
public sealed record TaskDefinition
{
    public required DataOptions Data { get; init; }

    public required string Model { get; init; }

    public required OptimizerOptions Optimizer { get; init; }

    public int BatchSize { get; init; } = 128;

    public Duration Budget { get; init; } = Duration.Epochs(4);

    public Duration EvaluateEvery { get; init; } = Duration.Epochs(1);

    public Duration CheckpointEvery { get; init; } = Duration.Epochs(1);

    /// <summary>A stable text that identifies the task across studies (for the store's tasks table and recommendations).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Dataset}|{Data.TrainLimit}|{Data.EvaluationLimit}|{Data.ValidationFraction}|{Model}|{Optimizer.Name}|m{Optimizer.Momentum}|n{Optimizer.Nesterov}|wd{Optimizer.WeightDecay}|b{BatchSize}|{Budget}");
}

/// <summary>One policy setting to try: a spec, with the grid point it came from.</summary>
/// <param name="Label">Short display name, e.g. <c>TRI2 k0=0.001 k1=0.05</c>.</param>
/// <param name="Function">The registry name of the outer policy (TRI2, warmup_cosine, ...).</param>
/// <param name="Spec">The full spec text, as compiled.</param>
/// <param name="Parameters">The parameters as written in the study (grid values included), for tables.</param>
/// <param name="Line">Where in the study file it was defined (for error messages).</param>
public sealed record PolicyVariant(string Label, string Function, string Spec, IReadOnlyDictionary<string, string> Parameters, int Line)
{
    /// <summary>In a tradeoff study: the curve this variant samples and its run length; null in a policy study.</summary>
    public Tradeoff.CurveRole? Curve { get; init; }

    /// <summary>A fork's trunk: the variant whose snapshot (same method and seed) this one starts from.</summary>
    public PolicyVariant? StartFrom { get; init; }
}

/// <summary>A set of training methods applied together (seed 000's comparisons); "baseline" has none.</summary>
public sealed record MethodSet(string Name, double LabelSmoothing = 0, double MixupAlpha = 0)
{
    public static MethodSet Baseline { get; } = new("baseline");
}

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

/// <summary>A range test to run before the trials; its results fill the placeholders ($k0, $k1, ...) of the policies.</summary>
public sealed record StudyRangeTest(long? Steps = null, double StartLr = 1e-5, double EndLr = 1.0, bool Linear = false);

/// <summary>A whole study: a task, the policies to compare, training methods and seeds.</summary>
public sealed record StudyDefinition
{
    public required string Name { get; init; }

    public required TaskDefinition Task { get; init; }

    public required IReadOnlyList<PolicyVariant> Policies { get; init; }

    public IReadOnlyList<MethodSet> Methods { get; init; } = [MethodSet.Baseline];

    public IReadOnlyList<long> Seeds { get; init; } = [0];

    /// <summary>The top-1 accuracy the cost column measures time to (e.g. 0.85); null: no cost column.</summary>
    public double? TargetAccuracy { get; init; }

    /// <summary>Run a range test first and fill the policies' placeholders from it; null when the study has none.</summary>
    public StudyRangeTest? RangeTest { get; init; }

    /// <summary>True while some policy still has placeholders to fill from the range test.</summary>
    public bool NeedsRangeTest => Policies.Any(p => RangePlaceholders.Uses(p.Spec));

    /// <summary>The study with every placeholder replaced by the range test's values.</summary>
    public StudyDefinition Resolve(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return this with
        {
            Policies = [.. Policies.Select(p =>
            {
                if (!RangePlaceholders.Uses(p.Spec)) return p;
                string spec = LRBench.Schedules.Specs.SpecFormatter.ToText(LRBench.Schedules.Specs.PolicySpec.ParseAny(RangePlaceholders.Substitute(p.Spec, values)));
                return p with
                {
                    Spec = spec,
                    Label = RangePlaceholders.Substitute(p.Label, values),
                    Parameters = p.Parameters.ToDictionary(kv => kv.Key, kv => RangePlaceholders.Substitute(kv.Value, values)),
                };
            })],
        };
    }

    /// <summary>The file the study came from, if any (for messages and for where its outputs go).</summary>
    public string? SourcePath { get; init; }

    /// <summary>A tradeoff study (seed 000) instead of a list of policies; its curves become the policies once the epoch length is known.</summary>
    public Tradeoff.TradeoffDefinition? Tradeoff { get; init; }

    /// <summary>True for a tradeoff study whose curves are not laid out in steps yet (see <see cref="ForEpochLength"/>).</summary>
    public bool NeedsEpochLength => Tradeoff is not null && Policies.Count == 0;

    /// <summary>A tradeoff study with its curves as policies, every duration in steps of this epoch length; other studies as they are.</summary>
    public StudyDefinition ForEpochLength(long stepsPerEpoch) =>
        NeedsEpochLength ? this with { Policies = Tradeoff!.Variants(stepsPerEpoch) } : this;

    /// <summary>Every trial, in a fixed order: policy, then method, then seed (a tradeoff study: seed, then curve, then method).</summary>
    public IReadOnlyList<TrialPlan> Trials()
    {
        if (NeedsEpochLength) throw new InvalidOperationException($"study {Name}: a tradeoff study's trials are known only once its data is loaded (ForEpochLength)");
        // A tradeoff study queues seed by seed, so a study stopped half-way has whole curves to compare, not half of each.
        return Tradeoff is null
            ? [.. from p in Policies from m in Methods from s in Seeds select new TrialPlan(p, m, s)]
            : [.. from s in Seeds from p in Policies from m in Methods select new TrialPlan(p, m, s)];
    }
}
