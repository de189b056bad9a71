using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>An evaluation as the store holds it (Dapper fills it): a missing metric is NULL, which the public row turns into NaN.</summary>
internal sealed class StoredEvaluation
{
    public long TrialId { get; init; }

    public long Step { get; init; }

    public double Epoch { get; init; }

    public double Lr { get; init; }

    public double? Top1 { get; init; }

    public double? Top5 { get; init; }

    public double? Ac { get; init; }

    public double? Cd { get; init; }

    public double? Cdac { get; init; }

    public double? TestLoss { get; init; }

    public double? TrainLoss { get; init; }

    public double? BestTop1 { get; init; }

    public long BestTop1Step { get; init; }

    public double WallSeconds { get; init; }

    public double ComputeSeconds { get; init; }

    public double EvalSeconds { get; init; }

    public double? TaskMetric { get; init; }

    public EvaluationRow ToRow() => new()
    {
        TrialId = TrialId,
        Step = Step,
        Epoch = Epoch,
        Lr = Lr,
        Top1 = Top1 ?? double.NaN,
        Top5 = Top5 ?? double.NaN,
        Ac = Ac ?? double.NaN,
        Cd = Cd ?? double.NaN,
        Cdac = Cdac ?? double.NaN,
        TestLoss = TestLoss,
        TrainLoss = TrainLoss,
        BestTop1 = BestTop1 ?? double.NaN,
        BestTop1Step = BestTop1Step,
        WallSeconds = WallSeconds,
        ComputeSeconds = ComputeSeconds,
        EvalSeconds = EvalSeconds,
        TaskMetric = TaskMetric,
    };
}
