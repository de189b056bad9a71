namespace LRBench.Training.Metrics;

/// <summary>
/// A snapshot ensemble evaluated at a snapshot step: the last <see cref="Members"/> snapshots up to and including
/// <see cref="Step"/>, their softmax outputs averaged (Huang et al. 2017).
/// </summary>
public sealed record EnsemblePoint(long Step, int Members, ClassificationMetrics Metrics);
