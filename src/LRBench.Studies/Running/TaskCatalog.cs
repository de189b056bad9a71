using System.Collections.Concurrent;
using LRBench.Studies.Model.Definitions;
using LRBench.Training.Data;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;

namespace LRBench.Studies.Running;

/// <summary>
/// Where a runner gets the task a trial trains: the built-in tasks (a data set of <see cref="DataCatalogue"/> and a
/// zoo model, each loaded once per process) and the user's own tasks, added by name. A study of a user's task names
/// it as <c>task:NAME</c> in its trials' options (<see cref="TaskDefinition.ForTask"/>), so a worker can run it only
/// when the same name was added here: the model's code lives in the user's program, not in the store.
/// </summary>
public sealed class TaskCatalog
{
    private readonly ConcurrentDictionary<string, Lazy<TrainingTask>> _userTasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DataOptions, Lazy<DataBundle>> _data = new();
    private readonly ConcurrentDictionary<(DataOptions, string), Lazy<TrainingTask>> _builtIn = new();

    /// <summary>
    /// Adds a user's task under its <see cref="TrainingTask.Name"/>. <paramref name="factory"/> runs once, on first use;
    /// the task it returns is shared by every trial this process runs (trials read its data, never change it).
    /// </summary>
    public TaskCatalog Add(string name, Func<TrainingTask> factory)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!StudyName.IsValid(name)) throw new ArgumentException($"task name '{name}': {StudyName.Rule}");
        if (!_userTasks.TryAdd(name, new Lazy<TrainingTask>(() => Checked(name, factory()))))
            throw new ArgumentException($"a task named '{name}' was added already");
        return this;
    }

    /// <summary>Adds a user's task that exists already.</summary>
    public TaskCatalog Add(TrainingTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Add(task.Name, () => task);
    }

    /// <summary>True when this catalog can give the task of <paramref name="model"/> (a zoo name, or task:NAME of an added task).</summary>
    public bool CanRun(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TaskDefinition.UserTaskName(model) is not string name || _userTasks.ContainsKey(name);
    }

    /// <summary>The task a trial with these options trains.</summary>
    public TrainingTask For(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return For(options.Data, options.Model);
    }

    /// <summary>The task of a study's definition.</summary>
    public TrainingTask For(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return For(task.Data, task.Model);
    }

    private TrainingTask For(DataOptions data, string model)
    {
        if (TaskDefinition.UserTaskName(model) is string name)
        {
            return _userTasks.TryGetValue(name, out var task)
                ? task.Value
                : throw new InvalidOperationException($"this process has no task '{name}'; add it to the runner's TaskCatalog (the model's code lives in the program that defines it)");
        }

        return _builtIn.GetOrAdd((data, model), key => new Lazy<TrainingTask>(() => DataCatalogue.IsText(key.Item1.Dataset)
            ? BuiltInTasks.Create(key.Item1, key.Item2)
            : ImageClassificationTask.Create(key.Item2, Data(key.Item1)))).Value;
    }

    /// <summary>Keeps data already loaded (a study's, when it is submitted) for the trials that train on it.</summary>
    internal void Remember(DataOptions options, DataBundle data) => _data.TryAdd(options, new Lazy<DataBundle>(data));

    private DataBundle Data(DataOptions options) =>
        _data.GetOrAdd(options, o => new Lazy<DataBundle>(() => DataCatalogue.Load(o))).Value;

    private static TrainingTask Checked(string name, TrainingTask task)
    {
        ArgumentNullException.ThrowIfNull(task, nameof(task));
        if (task.Name != name) throw new ArgumentException($"the task added as '{name}' calls itself '{task.Name}'");
        return task;
    }
}
