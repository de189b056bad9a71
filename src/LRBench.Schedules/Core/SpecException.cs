namespace LRBench.Schedules;

/// <summary>
/// A policy spec that cannot be built: names the policy and parameter at fault and what is allowed.
/// Thrown at construction (compile) time, never while a run is going.
/// </summary>
public sealed class SpecException : ArgumentException
{
    /// <summary>A problem with one parameter, written as <c>POLICY.parameter</c>; the message is "parameter: problem".</summary>
    public SpecException(string parameter, string problem)
        : base($"{parameter}: {problem}") => Parameter = parameter;

    /// <summary>A problem with the spec as a whole.</summary>
    public SpecException(string message) : base(message) => Parameter = null;

    /// <summary>A spec that cannot be built, with no details.</summary>
    public SpecException() : base("invalid policy spec") => Parameter = null;

    /// <summary>A problem with the spec, caused by <paramref name="inner"/>.</summary>
    public SpecException(string message, Exception inner) : base(message, inner) => Parameter = null;

    /// <summary>The parameter at fault (as <c>POLICY.parameter</c>), when there is one.</summary>
    public string? Parameter { get; }
}
