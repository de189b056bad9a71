namespace LRBench.Cli.Invocation;

/// <summary>Bad input that is not a policy spec problem (a missing file, an unknown format).</summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message)
    {
    }

    public UserInputException() : base("bad input")
    {
    }

    public UserInputException(string message, Exception inner) : base(message, inner)
    {
    }
}
