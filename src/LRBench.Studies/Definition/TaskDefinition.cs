using System.Globalization;
using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Optimization;

namespace LRBench.Studies.Definition;

/// <summary>What every trial of a study trains: data, model, optimizer, batch size, budget, evaluation interval.</summary>
public sealed record TaskDefinition
{
    public required DataOptions Data { get; init; }

    public required string Model { get; init; }

    public required OptimizerOptions Optimizer { get; init; }

    public int BatchSize { get; init; } = 128;

    public Duration Budget { get; init; } = Duration.Epochs(4);

    public Duration EvaluateEvery { get; init; } = Duration.Epochs(1);

    public Duration CheckpointEvery { get; init; } = Duration.Epochs(1);

    /// <summary>A stable text that identifies the task across studies (for the store's tasks table and recommendations).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Dataset}|{Data.TrainLimit}|{Data.EvaluationLimit}|{Data.ValidationFraction}|{Model}|{Optimizer.Name}|m{Optimizer.Momentum}|n{Optimizer.Nesterov}|wd{Optimizer.WeightDecay}|b{BatchSize}|{Budget}");
}
