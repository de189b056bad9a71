namespace LRBench.Studies.Storage;

/// <summary>
/// A store that cannot be used as it is: damaged, not a SQLite database, another program's database, or written by
/// a newer (or, for reading only, an older) LRBench. The message names the store and what to do.
/// </summary>
public sealed class StoreException : Exception
{
    /// <summary>A problem described by <paramref name="message"/>.</summary>
    public StoreException(string message) : base(message)
    {
    }

    /// <summary>A problem with no details.</summary>
    public StoreException() : base("the store cannot be used")
    {
    }

    /// <summary>A problem caused by <paramref name="inner"/>.</summary>
    public StoreException(string message, Exception inner) : base(message, inner)
    {
    }
}
