using LRBench.Training.Metrics;

namespace LRBench.Training.Tasks;

/// <summary>What one pass over the evaluation set measured.</summary>
/// <param name="Metrics">The LRBench metrics for classification; for other tasks only the loss (the rest NaN).</param>
/// <param name="TaskMetric">The task's own metric (<see cref="TaskMetric"/>), when it has one.</param>
/// <param name="LogProbabilities">Classification only: log-softmax outputs, sample by sample (for snapshot ensembles).</param>
/// <param name="Labels">Classification only: the evaluated samples' classes, in the same order.</param>
internal sealed record TaskEvaluation(ClassificationMetrics Metrics, double? TaskMetric, float[]? LogProbabilities, int[]? Labels);
