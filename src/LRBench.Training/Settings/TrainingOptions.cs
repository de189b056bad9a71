using System.Text.Json.Serialization;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Training.Data;
using LRBench.Training.Optimization;

namespace LRBench.Training.Settings;

/// <summary>Everything that defines a training run. Two runs with equal options, seed and thread count give equal results.</summary>
public sealed record TrainingOptions
{
    /// <summary>The data set, split and preprocessing.</summary>
    public DataOptions Data { get; init; } = new();

    /// <summary>A model name from <see cref="Models.ModelZoo"/>.</summary>
    public string Model { get; init; } = "lenet5";

    /// <summary>The optimizer and its settings besides the learning rate.</summary>
    public OptimizerOptions Optimizer { get; init; } = new();

    /// <summary>
    /// The learning-rate policy as a parsed spec, e.g. <c>PolicySpec.Parse("warmup_cosine(peak_lr=0.05, warmup=1ep)")</c>;
    /// compiled once, by the trainer. In JSON (stored options, checkpoint fingerprints) it is its one-line text form.
    /// </summary>
    [JsonConverter(typeof(PolicySpecTextConverter))]
    public PolicySpec Policy { get; init; } = DefaultPolicy;

    // Parsed once: every options value (each stored trial read back, each checkpoint) starts from the default.
    private static readonly PolicySpec DefaultPolicy = PolicySpec.Parse("FIX(k0=0.01)");

    /// <summary>Base learning rate for policies written relative to one (PyTorch schedulers' <c>base_lr</c>).</summary>
    public double? BaseLearningRate { get; init; }

    /// <summary>How long to train: epochs (<c>8ep</c>), optimizer steps (<c>3000ba</c>).</summary>
    public Duration Budget { get; init; } = Duration.Epochs(8);

    /// <summary>Samples per optimizer step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>How often to evaluate; the last step is always evaluated.</summary>
    public Duration EvaluateEvery { get; init; } = Duration.Epochs(1);

    /// <summary>Also evaluate the untrained model at step 0.</summary>
    public bool EvaluateAtStart { get; init; }

    /// <remarks>Measured here on 10,000 images: LeNet-5 takes 1.6 s in batches of 1,000 but 0.3 s in batches of 128; CNN3 6.7 s at 512, 1.8 s at 128.</remarks>
    public int EvaluationBatchSize { get; init; } = 128;

    /// <summary>Seeds weight initialisation, data order and mixup; the data split seed comes from <see cref="DataOptions.Seed"/>.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Where to compute (model, batches, optimizer state, evaluation); null is the CPU. Not part of a run's identity:
    /// a checkpoint written on one device resumes on another.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ComputeDevice? Device { get; init; }

    /// <summary>TorchSharp's CPU threads (process-wide); null leaves the current setting.</summary>
    public int? Threads { get; init; }

    /// <summary>Label smoothing epsilon in [0, 1); 0 is off.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Mixup's Beta(alpha, alpha) parameter; 0 is off.</summary>
    public double MixupAlpha { get; init; }

    /// <summary>Where checkpoints go; null keeps none (and then a run cannot resume).</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>How often to checkpoint (a checkpoint is also written at the end and when interrupted); null: only then.</summary>
    public Duration? CheckpointEvery { get; init; }

    /// <summary>At most this many (step, LR, loss) samples are kept for the trace (evenly spaced).</summary>
    public int TracePoints { get; init; } = 2000;

    /// <summary>Steps evaluated in addition to the regular interval (a cyclic run's cycle ends).</summary>
    public IReadOnlyList<long> EvaluateAtSteps { get; init; } = [];

    /// <summary>
    /// Steps at which the whole run is kept as a snapshot in <c>CHECKPOINTS/snapshots/step-N</c> (model, optimizer,
    /// policy and progress, plus the evaluation set's log-probabilities); each is also evaluated. Other runs can
    /// start from a snapshot (<see cref="StartFrom"/>): the trunk of a fork-and-anneal curve. Needs a checkpoint directory.
    /// </summary>
    public IReadOnlyList<long> SnapshotAtSteps { get; init; } = [];

    /// <summary>At each snapshot, also evaluate ensembles of the last 2, 3, ... snapshots (averaged softmax; Huang et al. 2017).</summary>
    public bool SnapshotEnsembles { get; init; }

    /// <summary>
    /// A snapshot directory to start from instead of from scratch (when the run has no checkpoint of its own): its
    /// model, optimizer, policy step and progress are taken over, so this run continues that trajectory under its own
    /// policy. The snapshot must come from a run with the same data, model, optimizer, methods and seed.
    /// </summary>
    public string? StartFrom { get; init; }

    /// <summary>
    /// Steps after which the run is also judged as if it ended there (<see cref="AnnealProbes"/>); null: none.
    /// Left out of JSON when null, so that the fingerprints of runs from before probes existed stay the same.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AnnealProbes? AnnealProbes { get; init; }

    /// <summary>Checks every setting and names the first bad one.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }

        Check(BatchSize > 0, $"batch size must be a positive integer, got {BatchSize}");
        Check(EvaluationBatchSize > 0, $"evaluation batch size must be a positive integer, got {EvaluationBatchSize}");
        Check(Budget.Unit != TimeUnit.FractionOfRun, "the budget must be in epochs (8ep) or steps (3000ba), not a fraction of itself");
        Check(Budget.Value > 0 && double.IsFinite(Budget.Value), $"the budget must be positive, got {Budget}");
        Check(EvaluateEvery.Value > 0 && double.IsFinite(EvaluateEvery.Value), $"the evaluation interval must be positive, got {EvaluateEvery}");
        Check(CheckpointEvery is null || CheckpointEvery.Value.Value > 0, $"the checkpoint interval must be positive, got {CheckpointEvery}");
        Check(LabelSmoothing >= 0 && LabelSmoothing < 1, $"label smoothing must be in [0, 1), got {LabelSmoothing}");
        Check(MixupAlpha >= 0 && double.IsFinite(MixupAlpha), $"mixup alpha must be >= 0 (0 is off), got {MixupAlpha}");
        Check(Threads is null or > 0, $"threads must be a positive integer, got {Threads}");
        Check(TracePoints >= 2, $"trace points must be at least 2, got {TracePoints}");
        Check(Policy is not null, "a policy is required");
        Check(EvaluateAtSteps.All(s => s > 0), "steps to evaluate at must be positive");
        Check(SnapshotAtSteps.All(s => s > 0), "snapshot steps must be positive");
        Check(SnapshotAtSteps.Count == 0 || CheckpointDirectory is not null, "snapshots need a checkpoint directory to be kept in");
        Check(AnnealProbes is null || AnnealProbes.AtSteps.All(s => s > 0), "anneal probe steps must be positive");
        Check(AnnealProbes is null || AnnealProbes.Length > 0, $"anneal probes need a positive length, got {AnnealProbes?.Length}");
        OptimizerFactory.Validate(Optimizer);
    }
}
