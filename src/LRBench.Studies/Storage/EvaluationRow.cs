namespace LRBench.Studies.Storage;

/// <summary>An evaluation row.</summary>
public sealed class EvaluationRow
{
    public long TrialId { get; set; }

    public long Step { get; set; }

    public double Epoch { get; set; }

    public double Lr { get; set; }

    public double Top1 { get; set; }

    public double Top5 { get; set; }

    public double Ac { get; set; }

    public double Cd { get; set; }

    public double Cdac { get; set; }

    public double? TestLoss { get; set; }

    public double? TrainLoss { get; set; }

    public double BestTop1 { get; set; }

    public long BestTop1Step { get; set; }

    public double WallSeconds { get; set; }

    public double ComputeSeconds { get; set; }

    public double EvalSeconds { get; set; }

    /// <summary>LD = test loss - train loss (NaN when either is missing).</summary>
    public double LossDifference => (TestLoss ?? double.NaN) - (TrainLoss ?? double.NaN);
}
