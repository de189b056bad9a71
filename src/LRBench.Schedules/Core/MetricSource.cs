namespace LRBench.Schedules;

/// <summary>What a metric-driven policy watches (<see cref="IMetricController"/>).</summary>
public enum MetricSource
{
    /// <summary>The validation (test) loss, fed by the trainer at every evaluation.</summary>
    ValidationLoss,

    /// <summary>The validation top-1 accuracy (a fraction), fed at every evaluation.</summary>
    ValidationAccuracy,

    /// <summary>The training loss, smoothed by the policy itself and read every N steps: no evaluation needed.</summary>
    TrainingLoss,
}
