using System.Globalization;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Data;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;

namespace LRBench.Studies.Model.Definitions;

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

    /// <summary>Where trials compute (<c>task.device</c>); null is the CPU. A worker's <c>--device</c> overrides it.</summary>
    public ComputeDevice? Device { get; init; }

    /// <summary>
    /// A study task for a user's own <see cref="LRBench.Training.Tasks.TrainingTask"/>, named <paramref name="taskName"/>:
    /// trials train it through a <see cref="Running.TaskCatalog"/> that has a task of that name. Set the batch size,
    /// budget and the rest with <c>with</c>.
    /// </summary>
    public static TaskDefinition ForTask(string taskName)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        if (!StudyName.IsValid(taskName)) throw new ArgumentException($"task name '{taskName}': {StudyName.Rule}");
        return new TaskDefinition
        {
            Data = new DataOptions { Dataset = UserTaskPrefix + taskName },
            Model = UserTaskPrefix + taskName,
            Optimizer = new OptimizerOptions(),
        };
    }

    /// <summary>The name of the user's task this definition trains, or null for a built-in data set and model.</summary>
    public string? UserTask => UserTaskName(Model);

    /// <summary>The prefix of the model name that marks a user's task in a trial's options.</summary>
    public const string UserTaskPrefix = "task:";

    /// <summary>The user's task a trial's model name stands for (<c>task:NAME</c>), or null for a zoo model.</summary>
    public static string? UserTaskName(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.StartsWith(UserTaskPrefix, StringComparison.Ordinal) ? model[UserTaskPrefix.Length..] : null;
    }

    /// <summary>The trainer's options for one trial of this task: its policy, method set and seed on the task's settings.</summary>
    public TrainingOptions Options(PolicySpec policy, MethodSet method, long seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(method);
        return new TrainingOptions
        {
            Data = Data,
            Model = Model,
            Optimizer = Optimizer,
            Policy = policy,
            Budget = Budget,
            BatchSize = BatchSize,
            EvaluateEvery = EvaluateEvery,
            Seed = seed,
            LabelSmoothing = method.LabelSmoothing,
            MixupAlpha = method.MixupAlpha,
            CheckpointEvery = CheckpointEvery,
            Device = Device,
        };
    }

    /// <summary>mlp, lenet, cnn, resnet or transformer: the family the model belongs to, for judging similar tasks.</summary>
    public string ModelFamily => FamilyOf(Model);

    /// <summary>mlp, lenet, cnn, resnet or transformer: the family a model of the zoo belongs to; other names are their own family.</summary>
    public static string FamilyOf(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string m = model.ToLowerInvariant();
        return m.StartsWith("mlp", StringComparison.Ordinal) ? "mlp"
            : m.StartsWith("lenet", StringComparison.Ordinal) ? "lenet"
            : m.StartsWith("resnet", StringComparison.Ordinal) ? "resnet"
            : m.StartsWith("cnn", StringComparison.Ordinal) ? "cnn"
            : m.StartsWith("char-transformer", StringComparison.Ordinal) ? "transformer"
            : m;
    }

    /// <summary>A stable text that identifies the task across studies (for the store's tasks table and recommendations).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Dataset}|{Data.TrainLimit}|{Data.EvaluationLimit}|{Data.ValidationFraction}|{Model}|{Optimizer.Name}|m{Optimizer.Momentum}|n{Optimizer.Nesterov}|wd{Optimizer.WeightDecay}{ScheduleFreeKey}|b{BatchSize}|{Budget}");

    // Only a schedule-free optimizer's tasks carry its settings, so the keys of every other task stay as they were.
    private string ScheduleFreeKey => !Optimizer.IsScheduleFree ? "" :
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"|b1{Optimizer.Beta1}|b2{Optimizer.Beta2}|e{Optimizer.Epsilon}|w{Optimizer.WarmupSteps ?? 0}|r{Optimizer.R ?? 0}|p{Optimizer.WeightLrPower ?? 2}");
}
