namespace LRBench.Schedules.Specs;

/// <summary>A value in a policy spec, as typed by a person or read from JSON/YAML; typed and validated when compiled.</summary>
public abstract record SpecValue
{
    /// <summary>The value as it would be written in a spec, for messages.</summary>
    public abstract string Describe();

    // Typed values in code (PolicySpec.Create): no text, so no culture can turn 0.5 into "0,5".

    /// <summary>A number.</summary>
    public static implicit operator SpecValue(double value) => new NumberValue(value);

    /// <summary>A time span: steps, epochs or a fraction of the run.</summary>
    public static implicit operator SpecValue(Duration value) => new DurationValue(value);

    /// <summary>A flag.</summary>
    public static implicit operator SpecValue(bool value) => new BoolValue(value);

    /// <summary>A word (a choice such as <c>cos</c>, or a policy's name where one is expected).</summary>
    public static implicit operator SpecValue(string value) => new TextValue(value);

    /// <summary>A list of numbers (milestones, grid values).</summary>
    public static implicit operator SpecValue(double[] values) => new ListValue([.. values.Select(v => (SpecValue)new NumberValue(v))]);
}
