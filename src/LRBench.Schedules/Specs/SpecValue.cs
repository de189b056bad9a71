namespace LRBench.Schedules.Specs;

/// <summary>A value in a policy spec, as typed by a person or read from JSON/YAML; typed and validated when compiled.</summary>
public abstract record SpecValue
{
    /// <summary>The value as it would be written in a spec, for messages.</summary>
    public abstract string Describe();
}
