namespace LRBench.Studies.Storage;

/// <summary>A study definition already in the store under the same name differs from the one given.</summary>
public sealed class StudyConflictException : Exception
{
    /// <summary>A conflict, described by <paramref name="message"/>.</summary>
    public StudyConflictException(string message) : base(message)
    {
    }

    /// <summary>A conflict with no details.</summary>
    public StudyConflictException() : base("study conflict")
    {
    }

    /// <summary>A conflict caused by <paramref name="inner"/>.</summary>
    public StudyConflictException(string message, Exception inner) : base(message, inner)
    {
    }
}
