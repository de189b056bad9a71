using LRBench.Studies.Model.Results;
using LRBench.Training.Engine;

namespace LRBench.Studies.Tests;

/// <summary>A hand-made training result for store tests that finish or pause a trial without training it: 100 steps, one evaluation at top-1 0.5.</summary>
internal static class FinishedResults
{
    public static TrainingResult Of(TrialRow trial, RunStatus status = RunStatus.Completed) => new()
    {
        Plan = new TrainingPlan("synthetic", "mlp:8", 1, 100, 100, "test", 10, 100, 400, 100, 0, LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Trial.Policy)),
        Status = status,
        Steps = 100,
        Evaluations =
        [
            new LRBench.Training.Metrics.EvaluationPoint
            {
                Step = 100, Epoch = 1, LearningRate = 0.1, Metrics = new LRBench.Training.Metrics.ClassificationMetrics(100, 0.5, 1, 0.8, 0.1, 0.05, 0.5),
                TrainLoss = 0.4, BestTop1 = 0.5, BestTop1Step = 100, WallSeconds = 1,
            },
        ],
        Trace = [new TracePoint(0, 0.1, 2.3)],
    };
}
