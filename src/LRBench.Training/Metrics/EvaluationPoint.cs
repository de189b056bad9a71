namespace LRBench.Training.Metrics;

/// <summary>
/// Everything measured at one evaluation during training. Times are cumulative from the start of the run (summed over
/// resumed sessions). <see cref="TrainLoss"/> is the mean training objective over the batches since the previous
/// evaluation (with label smoothing or mixup on, that objective includes them); <see cref="LossDifference"/> is the
/// paper's LD = test loss - train loss (Formula 6).
/// </summary>
public sealed record EvaluationPoint
{
    /// <summary>Optimizer steps taken before this evaluation.</summary>
    public long Step { get; init; }

    public double Epoch { get; init; }

    public double LearningRate { get; init; }

    public required ClassificationMetrics Metrics { get; init; }

    public double TrainLoss { get; init; }

    /// <summary>The task's own metric (<see cref="Tasks.TaskMetric"/>) at this point, for tasks that supply one.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? TaskMetric { get; init; }

    public double LossDifference => Metrics.Loss - TrainLoss;

    /// <summary>Highest top-1 up to and including this point, and the step where it was first reached (the paper's "#Iter").</summary>
    public double BestTop1 { get; init; }

    public long BestTop1Step { get; init; }

    /// <summary>Wall-clock seconds since the start, including evaluation and checkpoints.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Seconds spent in training steps only (forward, backward, update, policy).</summary>
    public double ComputeSeconds { get; init; }

    /// <summary>Seconds spent evaluating, up to and including this evaluation.</summary>
    public double EvaluationSeconds { get; init; }
}
