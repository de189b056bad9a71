namespace LRBench.Training.Data;

/// <summary>A data file that is missing, unreadable or not what it claims to be. The message says how to fix it.</summary>
public sealed class DataException : Exception
{
    public DataException(string message) : base(message)
    {
    }

    public DataException() : base("bad data")
    {
    }

    public DataException(string message, Exception inner) : base(message, inner)
    {
    }
}
