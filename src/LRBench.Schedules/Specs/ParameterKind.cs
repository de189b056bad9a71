namespace LRBench.Schedules.Specs;

/// <summary>What kind of value a parameter takes.</summary>
public enum ParameterKind
{
    /// <summary>A real number.</summary>
    Number,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>One word of a fixed list.</summary>
    Choice,
    /// <summary>A time span: a plain number of steps or a duration (<c>100ba</c>, <c>8ep</c>, <c>0.2dur</c>).</summary>
    Steps,
    /// <summary>A list of real numbers.</summary>
    Numbers,
    /// <summary>A list of whole numbers.</summary>
    Integers,
    /// <summary>A list of time spans (steps or durations).</summary>
    StepsList,
    /// <summary>A nested policy spec.</summary>
    Policy,
    /// <summary>A list of nested policy specs.</summary>
    Policies,
}
