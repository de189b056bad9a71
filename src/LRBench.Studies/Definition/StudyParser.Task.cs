using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;
using LRBench.Training.Data;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: the <c>task:</c> section: data, model, optimizer, budget and evaluation.</summary>
public static partial class StudyParser
{
    private static readonly string[] TaskKeys =
        ["dataset", "data_dir", "train_limit", "test_limit", "validation", "normalize", "model", "optimizer", "batch_size", "budget", "evaluate_every", "checkpoint_every", "device", "custom"];

    private static readonly string[] OptimizerKeys = ["name", "momentum", "nesterov", "weight_decay", "beta1", "beta2", "eps", "alpha", "warmup_steps", "r", "weight_lr_power"];

    private static RunClock ProvisionalClock(TaskDefinition task)
    {
        var clock = new RunClock(StepsPerEpoch: 100);
        return clock with { TotalSteps = Math.Max(1, (long)Math.Round(clock.ToSteps(task.Budget, "budget"))) };
    }

    private static TaskDefinition ReadTask(Reader r, YamlMappingNode node, bool checkDataDirectory)
    {
        r.Keys(node, TaskKeys, "task");
        string? custom = ReadCustomTaskName(r, node);
        var data = ReadData(r, node, checkDataDirectory);
        string model;
        if (custom is not null)
        {
            var user = TaskDefinition.ForTask(custom);
            data = user.Data;
            model = user.Model;
        }
        else
        {
            model = ReadModel(r, node, data.Dataset);
        }

        return new TaskDefinition
        {
            Device = ReadDevice(r, node),
            Data = data,
            Model = model,
            Optimizer = ReadOptimizer(r, node),
            BatchSize = r.OptionalInt(node, "batch_size", "task", min: 1) ?? 128,
            Budget = ReadBudget(r, node),
            EvaluateEvery = r.OptionalDuration(node, "evaluate_every", "task") ?? Duration.Epochs(1),
            CheckpointEvery = r.OptionalDuration(node, "checkpoint_every", "task") ?? Duration.Epochs(1),
        };
    }

    /// <summary>
    /// task.custom names a user's own task (a TrainingTask a program adds to its TaskCatalog); the data set and
    /// model are then that program's, so the keys that describe a built-in one are refused. Null: a built-in task.
    /// </summary>
    private static string? ReadCustomTaskName(Reader r, YamlMappingNode node)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode("custom"), out var customNode)) return null;
        string custom = r.String(customNode, "task.custom");
        if (!StudyName.IsValid(custom)) throw r.Error(customNode, "task.custom", $"'{custom}' is not a task name: {StudyName.Rule}");
        foreach (string key in new[] { "dataset", "data_dir", "train_limit", "test_limit", "validation", "normalize", "model" })
        {
            if (node.Children.ContainsKey(new YamlScalarNode(key)))
                throw r.Error(node[key], $"task.{key}", "a custom task brings its own data and model; remove this key or task.custom");
        }

        return custom;
    }

    private static DataOptions ReadData(Reader r, YamlMappingNode node, bool checkDataDirectory)
    {
        string dataset = node.Children.TryGetValue(new YamlScalarNode("dataset"), out var ds) ? r.String(ds, "task.dataset") : "fashion-mnist";
        if (!DataCatalogue.Names.Contains(dataset.ToLowerInvariant()))
            throw r.Error(ds!, "task.dataset", $"unknown data set '{dataset}'; known: {string.Join(", ", DataCatalogue.Names)}");
        var data = new DataOptions
        {
            Dataset = dataset.ToLowerInvariant(),
            DataDirectory = r.OptionalString(node, "data_dir", "task"),
            TrainLimit = r.OptionalInt(node, "train_limit", "task", min: 1),
            EvaluationLimit = r.OptionalInt(node, "test_limit", "task", min: 1),
            ValidationFraction = r.OptionalDouble(node, "validation", "task"),
            Normalize = r.OptionalBool(node, "normalize", "task") ?? true,
        };
        // Checked here, with its line, so that a study whose data cannot be found fails before anything (a store
        // file, an output folder) is made. Where the data sits inside the folder is checked when it is loaded.
        if (checkDataDirectory && data.DataDirectory is string dir && !Directory.Exists(dir))
            throw r.Error(node["data_dir"], "task.data_dir", $"'{dir}' is not a folder on this machine; give the folder that holds the data set's files");
        if (data.ValidationFraction is double v && !(v > 0 && v < 1))
            throw r.Error(node["validation"], "task.validation", $"must be a fraction in (0, 1), got {v}");
        return data;
    }

    private static string ReadModel(Reader r, YamlMappingNode node, string dataset)
    {
        var modelNode = r.Required(node, "model", "task");
        string model = r.String(modelNode, "task.model");
        try
        {
            LRBench.Training.Tasks.BuiltInTasks.CheckModel(dataset, model);
        }
        catch (ArgumentException e)
        {
            throw r.Error(modelNode, "task.model", e.Message);
        }

        return model;
    }

    private static OptimizerOptions ReadOptimizer(Reader r, YamlMappingNode node) =>
        node.Children.TryGetValue(new YamlScalarNode("optimizer"), out var opt) ? ReadOptimizer(r, opt, "task.optimizer", new OptimizerOptions()) : new OptimizerOptions();

    /// <summary>
    /// An optimizer as written at <paramref name="where"/>: a name, or a mapping whose missing keys keep the values of
    /// <paramref name="inherited"/> (the defaults for the task's, the task's own for a policy entry's).
    /// </summary>
    private static OptimizerOptions ReadOptimizer(Reader r, YamlNode opt, string where, OptimizerOptions inherited)
    {
        OptimizerOptions optimizer;
        if (opt is YamlScalarNode) optimizer = inherited with { Name = r.String(opt, where) };
        else
        {
            var m = r.Mapping(opt, where);
            r.Keys(m, OptimizerKeys, where);
            optimizer = new OptimizerOptions
            {
                Name = r.OptionalString(m, "name", where) ?? inherited.Name,
                Momentum = r.OptionalDouble(m, "momentum", where) ?? inherited.Momentum,
                Nesterov = r.OptionalBool(m, "nesterov", where) ?? inherited.Nesterov,
                WeightDecay = r.OptionalDouble(m, "weight_decay", where) ?? inherited.WeightDecay,
                Beta1 = r.OptionalDouble(m, "beta1", where) ?? inherited.Beta1,
                Beta2 = r.OptionalDouble(m, "beta2", where) ?? inherited.Beta2,
                Epsilon = r.OptionalDouble(m, "eps", where) ?? inherited.Epsilon,
                Alpha = r.OptionalDouble(m, "alpha", where) ?? inherited.Alpha,
                // The schedule-free optimizers' own settings, with the authors' names (null: their defaults).
                WarmupSteps = r.OptionalInt(m, "warmup_steps", where, min: 0) ?? inherited.WarmupSteps,
                R = r.OptionalDouble(m, "r", where) ?? inherited.R,
                WeightLrPower = r.OptionalDouble(m, "weight_lr_power", where) ?? inherited.WeightLrPower,
            };
        }

        try
        {
            OptimizerFactory.Validate(optimizer);
        }
        catch (ArgumentException e)
        {
            throw r.Error(opt, where, e.Message);
        }

        return optimizer;
    }

    private static Duration ReadBudget(Reader r, YamlMappingNode node)
    {
        var budget = r.OptionalDuration(node, "budget", "task") ?? Duration.Epochs(4);
        if (budget.Unit == TimeUnit.FractionOfRun) throw r.Error(node["budget"], "task.budget", "must be in epochs (4ep) or steps (2000ba)");
        // An epoch is at least one step, so either unit past the trainer's limit is too long whatever the data.
        if (budget.Value > LRBench.Training.Engine.Trainer.MaxTotalSteps)
            throw r.Error(node["budget"], "task.budget", $"{budget} is more than the {LRBench.Training.Engine.Trainer.MaxTotalSteps:N0} steps a run may have");
        return budget;
    }

    private static ComputeDevice? ReadDevice(Reader r, YamlMappingNode node)
    {
        if (r.OptionalString(node, "device", "task") is not string deviceText) return null;
        try
        {
            return ComputeDevice.Parse(deviceText);
        }
        catch (ArgumentException e)
        {
            throw r.Error(node["device"], "task.device", e.Message);
        }
    }
}
