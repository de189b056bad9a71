using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// A task's own measure of a model (R², BLEU, perplexity, ...), reported at every evaluation next to the loss and
/// used to rank policies instead of the validation loss.
/// </summary>
/// <param name="Name">How tables call it.</param>
/// <param name="Compute">Its mean over one batch, from the model's output and the batch's target; the trainer averages batches weighted by their size.</param>
/// <param name="HigherIsBetter">Its direction: true for accuracies and scores, false for errors.</param>
public sealed record TaskMetric(string Name, Func<Tensor, Tensor, double> Compute, bool HigherIsBetter)
{
    /// <summary>The name, checked: 1 to 64 printable characters (it names a column in tables and is stored).</summary>
    public string Name { get; } = Name is { Length: > 0 and <= 64 } && !Name.Any(char.IsControl)
        ? Name
        : throw new ArgumentException($"a task metric's name must be 1 to 64 printable characters, got '{Name}'", nameof(Name));
}
