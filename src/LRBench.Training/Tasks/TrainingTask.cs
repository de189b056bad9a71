using LRBench.Training.Settings;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// Everything about a training job except the learning-rate policy and the run's settings: the model, the data, what
/// the model is trained to do and, optionally, its optimizer. The trainer, the range test, AutoWU and studies take a
/// task; the built-in models and data sets are tasks too (<see cref="ImageClassificationTask"/>).
/// <para>
/// The trainer owns the randomness: it seeds TorchSharp's global generator with the run's seed before calling
/// <see cref="Model"/>, draws the order of each epoch's samples from the seed, and asks <see cref="Train"/> for the
/// samples by index. A task whose factory and sources are deterministic therefore resumes exactly.
/// </para>
/// </summary>
public sealed class TrainingTask
{
    /// <summary>The task's name, in plans, errors, stores and checkpoints (a checkpoint resumes only under the same name).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Builds a fresh, untrained model on the CPU (the trainer moves it to the run's device). Called with the global
    /// generator seeded, one model at a time: initialise weights from TorchSharp's generator for reproducible runs.
    /// </summary>
    public required Func<nn.Module<Tensor, Tensor>> Model { get; init; }

    /// <summary>The samples the model learns from.</summary>
    public required IBatchSource Train { get; init; }

    /// <summary>The samples it is measured on (a validation split or a test set).</summary>
    public required IBatchSource Evaluation { get; init; }

    /// <summary>Classification or any loss; decides the metrics and what ranks policies.</summary>
    public required TaskObjective Objective { get; init; }

    /// <summary>What <see cref="Evaluation"/> is, for tables: "validation" or "test".</summary>
    public string EvaluationName { get; init; } = "validation";

    /// <summary>
    /// Makes the optimizer for the model's parameters at an initial learning rate (the policy then sets the rate
    /// every step); null uses <see cref="TrainingOptions.Optimizer"/>. LRBench's own optimizers
    /// (<see cref="Optimization.OptimizerFactory"/>) are safe to use; see docs/library.md for TorchSharp's.
    /// </summary>
    public Func<IEnumerable<Parameter>, double, OptimizerHelper>? Optimizer { get; init; }

    /// <summary>The shape of one input sample (e.g. [1, 28, 28]), for the store's task table; null: read from the first sample.</summary>
    public IReadOnlyList<long>? SampleShape { get; init; }

    /// <summary>The data's name in plans and tables; defaults to <see cref="Name"/>.</summary>
    public string? DataName { get; init; }

    /// <summary>The model's name in plans and tables; defaults to <see cref="Name"/>.</summary>
    public string? ModelName { get; init; }

    /// <summary>
    /// True for the tasks LRBench builds from a data set and a zoo model: their identity is already in the run's
    /// options (<see cref="TrainingOptions.Data"/>, <see cref="TrainingOptions.Model"/>), so checkpoints of earlier
    /// versions keep resuming.
    /// </summary>
    internal bool IsBuiltIn { get; init; }
}
