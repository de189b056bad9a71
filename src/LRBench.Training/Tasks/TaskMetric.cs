using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// A task's own measure of a model (R², BLEU, perplexity, ...), reported at every evaluation next to the loss and
/// used to rank policies instead of the validation loss.
/// </summary>
/// <param name="Name">How tables call it.</param>
/// <param name="Compute">Its mean over one batch, from the model's output and the batch's target; the trainer averages batches weighted by their size.</param>
/// <param name="HigherIsBetter">Its direction: true for accuracies and scores, false for errors.</param>
public sealed record TaskMetric(string Name, Func<Tensor, Tensor, double> Compute, bool HigherIsBetter);
