namespace LRBench.Studies.Model.Results;

/// <summary>An evaluation row. A metric the task does not have (top-1 of a regression) is NaN.</summary>
public sealed record EvaluationRow
{
    public long TrialId { get; init; }

    public long Step { get; init; }

    public double Epoch { get; init; }

    public double Lr { get; init; }

    public double Top1 { get; init; }

    public double Top5 { get; init; }

    public double Ac { get; init; }

    public double Cd { get; init; }

    public double Cdac { get; init; }

    public double? TestLoss { get; init; }

    public double? TrainLoss { get; init; }

    public double BestTop1 { get; init; }

    public long BestTop1Step { get; init; }

    public double WallSeconds { get; init; }

    public double ComputeSeconds { get; init; }

    public double EvalSeconds { get; init; }

    /// <summary>The task's own metric (<see cref="LRBench.Training.Tasks.TaskMetric"/>), for tasks that supply one.</summary>
    public double? TaskMetric { get; init; }

    /// <summary>LD = test loss - train loss (NaN when either is missing).</summary>
    public double LossDifference => (TestLoss ?? double.NaN) - (TrainLoss ?? double.NaN);
}
