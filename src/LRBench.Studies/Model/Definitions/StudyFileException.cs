namespace LRBench.Studies.Model.Definitions;

/// <summary>A study file that cannot be used; the message starts with <c>FILE:LINE:</c> and says what is wrong and what is allowed.</summary>
public sealed class StudyFileException : Exception
{
    public StudyFileException(string message) : base(message)
    {
    }

    public StudyFileException() : base("bad study file")
    {
    }

    public StudyFileException(string message, Exception inner) : base(message, inner)
    {
    }
}
