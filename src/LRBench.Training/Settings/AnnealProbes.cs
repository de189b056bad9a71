namespace LRBench.Training.Settings;

/// <summary>
/// Points where a run is also judged as if it ended there: after each step in <see cref="AtSteps"/>, a probe forked
/// from the model trains <see cref="Length"/> more steps on the batches the run would see next, with the LR falling
/// linearly from the schedule's towards zero (step i of n at lr x (n - i) / n), is evaluated
/// (<c>ITrainingObserver.OnAnnealProbe</c>), and is thrown away: the run goes on exactly as without it. Each
/// probe step is also an evaluation step. A pruner's fair rungs use this to compare decaying policies as finished models.
/// </summary>
/// <param name="AtSteps">The steps to probe after.</param>
/// <param name="Length">Each probe's length, in optimizer steps.</param>
public sealed record AnnealProbes(IReadOnlyList<long> AtSteps, long Length);
