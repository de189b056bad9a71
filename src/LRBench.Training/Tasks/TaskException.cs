namespace LRBench.Training.Tasks;

/// <summary>A task that cannot be trained as given (wrong output shape, labels out of range, no data, NaN inputs), named with its problem.</summary>
public sealed class TaskException : Exception
{
    public TaskException(string task, string problem)
        : base($"task '{task}': {problem}")
    {
        Task = task;
    }

    public TaskException()
    {
        Task = "";
    }

    public TaskException(string message)
        : base(message)
    {
        Task = "";
    }

    public TaskException(string message, Exception innerException)
        : base(message, innerException)
    {
        Task = "";
    }

    /// <summary>The task's name.</summary>
    public string Task { get; }
}
