namespace LRBench.Schedules;

/// <summary>
/// An adaptive policy driven by a metric (ReduceLROnPlateau): the trainer, or a user's loop through
/// <c>PolicyDriver.Observe</c>, reports each value of the metric it watches. Like every adaptive controller it also
/// sees each step's training loss (<see cref="IAdaptiveController.Observe"/>), and its state saves and restores.
/// Per param group LRs may drift apart (a min_lr per group): the driver binds its groups first and reads each one's.
/// </summary>
public interface IMetricController : IAdaptiveController
{
    /// <summary>The metric this policy reads.</summary>
    MetricSource Source { get; }

    /// <summary>Takes one value of <see cref="Source"/> (validation metrics: after an evaluation).</summary>
    void ObserveMetric(double value);

    /// <summary>Tells the policy the optimizer's param groups, by their LR scale (1 for a single group), before step 0.</summary>
    void BindGroups(IReadOnlyList<double> scales);

    /// <summary>The LR of param group <paramref name="group"/> for the next step (scale included).</summary>
    double GroupLearningRate(int group);
}
