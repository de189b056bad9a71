namespace LRBench.Studies.Running;

/// <summary>
/// This worker cannot run trials as it is set up: its output or TensorBoard folder cannot be written, or its
/// parallelism or threads are out of range. Thrown before any trial is claimed, so the store is left as it was; a
/// failure of the same kind during a trial releases that trial unharmed and stops the worker
/// (<see cref="StudyRunSummary.EnvironmentProblem"/>).
/// </summary>
public sealed class WorkerEnvironmentException : Exception
{
    /// <summary>A problem described by <paramref name="message"/>.</summary>
    public WorkerEnvironmentException(string message) : base(message)
    {
    }

    /// <summary>A problem with no details.</summary>
    public WorkerEnvironmentException() : base("this worker cannot run trials as it is set up")
    {
    }

    /// <summary>A problem caused by <paramref name="inner"/>.</summary>
    public WorkerEnvironmentException(string message, Exception inner) : base(message, inner)
    {
    }
}
