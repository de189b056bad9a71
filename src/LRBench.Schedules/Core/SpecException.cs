namespace LRBench.Schedules;

/// <summary>
/// A policy spec that cannot be built: names the policy and parameter at fault and what is allowed.
/// Thrown at construction (compile) time, never while a run is going.
/// </summary>
public sealed class SpecException : ArgumentException
{
    public SpecException(string parameter, string problem)
        : base($"{parameter}: {problem}") => Parameter = parameter;

    public SpecException(string message) : base(message) => Parameter = null;

    public SpecException() : base("invalid policy spec") => Parameter = null;

    public SpecException(string message, Exception inner) : base(message, inner) => Parameter = null;

    /// <summary>The parameter at fault (as <c>POLICY.parameter</c>), when there is one.</summary>
    public string? Parameter { get; }
}
