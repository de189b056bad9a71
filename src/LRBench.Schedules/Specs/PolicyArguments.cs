using System.Globalization;

namespace LRBench.Schedules.Specs;

/// <summary>
/// The arguments of one spec, bound to its definition and the run clock: typed accessors that apply defaults,
/// check kinds and ranges, resolve durations and compile child policies. Every failure names POLICY.parameter.
/// </summary>
public sealed class PolicyArguments
{
    private readonly Dictionary<string, SpecValue> _values;

    internal PolicyArguments(PolicyDefinition definition, Dictionary<string, SpecValue> values, RunClock clock, PolicyRegistry registry)
    {
        Definition = definition;
        _values = values;
        Clock = clock;
        Registry = registry;
    }

    /// <summary>The policy being built.</summary>
    public PolicyDefinition Definition { get; }

    /// <summary>The clock durations resolve against.</summary>
    public RunClock Clock { get; }

    /// <summary>The registry nested policies compile against.</summary>
    public PolicyRegistry Registry { get; }

    /// <summary>An error that names this policy's <paramref name="parameter"/> and the problem, for a builder to throw.</summary>
    public SpecException Fail(string parameter, string problem) => new($"{Definition.Name}.{parameter}", problem);

    /// <summary>True when the parameter was given (and is not null) or has a default.</summary>
    public bool Has(string name) => Raw(name) is not null and not NullValue;

    /// <summary>A required number, range-checked.</summary>
    public double Number(string name) => NumberOrNull(name) ?? throw Missing(name);

    /// <summary>A number, range-checked, or null when absent.</summary>
    public double? NumberOrNull(string name)
    {
        var value = Raw(name);
        if (value is null or NullValue) return null;
        if (value is DurationValue && Def(name).CountsSteps) return StepsOrNull(name);
        if (value is not NumberValue n)
            throw Fail(name, $"must be a number (got '{value.Describe()}')");
        Check(name, n.Value);
        return n.Value + 0.0; // -0 becomes 0: no policy should print or set a negative zero
    }

    /// <summary>A required whole number, range-checked.</summary>
    public long Integer(string name) => IntegerOrNull(name) ?? throw Missing(name);

    /// <summary>A whole number, range-checked, or null when absent.</summary>
    public long? IntegerOrNull(string name)
    {
        var value = Raw(name);
        if (value is null or NullValue) return null;
        if (value is DurationValue d && Def(name).CountsSteps)
        {
            double whole = WholeStepsOf(name, d);
            Check(name, whole);
            return (long)whole;
        }
        if (value is not NumberValue n || !IsWhole(n.Value))
            throw Fail(name, $"must be an integer (got '{value.Describe()}')");
        Check(name, n.Value);
        return (long)n.Value;
    }

    /// <summary>A flag (its default when absent).</summary>
    public bool Bool(string name)
    {
        var value = Raw(name);
        return value switch
        {
            BoolValue b => b.Value,
            NumberValue { Value: 0 or 1 } n => n.Value == 1,
            TextValue t when bool.TryParse(t.Value, out bool parsed) => parsed,
            null or NullValue => throw Missing(name),
            _ => throw Fail(name, $"must be true or false (got '{value.Describe()}')"),
        };
    }

    /// <summary>One of the parameter's choices, as the catalogue spells it.</summary>
    public string Choice(string name)
    {
        var value = Raw(name);
        var choices = Def(name).Choices ?? [];
        string text = value switch
        {
            TextValue t => t.Value,
            NumberValue n => n.Describe(),
            null or NullValue => throw Missing(name),
            _ => value.Describe(),
        };
        var match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw Fail(name, $"must be one of {string.Join(", ", choices)} (got '{text}')");
    }

    /// <summary>A time span in optimizer steps (fractional allowed), from a number of steps or a duration.</summary>
    public double Steps(string name) => StepsOrNull(name) ?? throw Missing(name);

    /// <summary>A time span in optimizer steps, or null when absent.</summary>
    public double? StepsOrNull(string name)
    {
        var value = Raw(name);
        if (value is null or NullValue) return null;
        double steps = ToSteps(name, value);
        Check(name, steps);
        return steps + 0.0;
    }

    /// <summary>A time span rounded to a whole number of steps (for boundaries and periods that must be integral).</summary>
    public long WholeSteps(string name)
    {
        double steps = Steps(name);
        long whole = (long)Math.Round(steps);
        if (whole <= 0 && Def(name).MinExclusive) throw Fail(name, $"must be at least one step (got {steps.ToString("R", CultureInfo.InvariantCulture)} steps)");
        return whole;
    }

    /// <summary>A list of numbers, each range-checked.</summary>
    public IReadOnlyList<double> Numbers(string name) => ListOf(name, (v, i) =>
        v is NumberValue n ? CheckItem(name, i, n.Value) + 0.0 : throw Fail(name, $"item {i} must be a number (got '{v.Describe()}')"));

    /// <summary>A list of whole numbers, each range-checked.</summary>
    public IReadOnlyList<long> Integers(string name) => ListOf(name, (v, i) => v switch
    {
        NumberValue n when IsWhole(n.Value) => (long)CheckItem(name, i, n.Value),
        DurationValue d when Def(name).CountsSteps => (long)CheckItem(name, i, WholeStepsOf(name, d)),
        _ => throw Fail(name, $"item {i} must be an integer (got '{v.Describe()}')"),
    });

    /// <summary>A duration given to a whole-number step count: converted with the clock and rounded to the nearest step.</summary>
    private double WholeStepsOf(string name, DurationValue duration) => Math.Round(ToSteps(name, duration));

    /// <summary>A list of time spans in optimizer steps.</summary>
    public IReadOnlyList<double> StepsList(string name) => ListOf(name, (v, i) => CheckItem(name, i, ToSteps(name, v)));

    /// <summary>A nested policy, compiled against <paramref name="clock"/> (this one's by default).</summary>
    public Schedule Policy(string name, RunClock? clock = null)
    {
        var value = Raw(name);
        return value switch
        {
            PolicySpec p => Nested(name, Registry.Build(p, clock ?? Clock)),
            TextValue t => Nested(name, Registry.Build(new PolicySpec(t.Value, []), clock ?? Clock)),
            null or NullValue => throw Missing(name),
            _ => throw Fail(name, $"must be a policy such as COS(k0=0.1, k1=0, l=100) (got '{value.Describe()}')"),
        };
    }

    /// <summary>A list of nested policies, compiled against <paramref name="clock"/> (this one's by default).</summary>
    public IReadOnlyList<Schedule> Policies(string name, RunClock? clock = null)
    {
        var policies = ListOf(name, (v, i) => v switch
        {
            PolicySpec p => Nested(name, Registry.Build(p, clock ?? Clock)),
            TextValue t => Nested(name, Registry.Build(new PolicySpec(t.Value, []), clock ?? Clock)),
            _ => throw Fail(name, $"item {i} must be a policy (got '{v.Describe()}')"),
        });
        return policies.Count > 0 ? policies : throw Fail(name, "needs at least one policy (got an empty list)");
    }

    // A wrapper only asks its inner policies for the LR at a step; a loss-driven policy would silently lose its reactions.
    private Schedule Nested(string name, Schedule inner) => inner is AdaptiveSchedule
        ? throw Fail(name, "an adaptive policy (one that reacts to the training loss, such as autowu) cannot be nested; use it as the whole policy")
        : inner;

    /// <summary>
    /// The optimizer's initial learning rate for PyTorch-style policies: the spec's base_lr, else the run's.
    /// </summary>
    public double BaseLr(string name = "base_lr")
    {
        if (NumberOrNull(name) is double given) return given;
        if (Clock.BaseLearningRate is double fromRun)
        {
            var check = Def(name).CheckRange(fromRun);
            if (check is not null) throw Fail(name, check);
            return fromRun;
        }

        throw Fail(name, "is required: the optimizer's initial learning rate (give base_lr=..., or the clock's BaseLearningRate; PolicyDriver.Create takes it from the optimizer)");
    }

    /// <summary>PyTorch's last_epoch: only -1 (a fresh schedule); resuming is done by the driver's saved position.</summary>
    public void RequireFreshStart()
    {
        if (IntegerOrNull("last_epoch") is long le && le != -1)
            throw Fail("last_epoch", $"must be -1 (got {le}); to resume, restore the driver's saved position instead");
    }

    /// <summary>
    /// Reads every parameter the spec gives with the accessor of its kind, so that a value the builder never reads
    /// (an ignored flag such as PyTorch's verbose) is still checked: <c>verbose=maybe</c> is an error, not a no-op.
    /// </summary>
    internal void CheckGiven()
    {
        foreach (var p in Definition.Parameters.Where(p => _values.ContainsKey(p.Name)))
        {
            _ = p.Kind switch
            {
                ParameterKind.Number => NumberOrNull(p.Name),
                ParameterKind.Integer => IntegerOrNull(p.Name),
                ParameterKind.Bool => Bool(p.Name),
                ParameterKind.Choice => Choice(p.Name),
                ParameterKind.Steps => StepsOrNull(p.Name),
                ParameterKind.Numbers => Numbers(p.Name),
                ParameterKind.Integers => Integers(p.Name),
                ParameterKind.StepsList => StepsList(p.Name),
                // Nested policies are compiled by every builder that has them; compiling them again here would
                // double the work at every level of nesting.
                _ => (object?)null,
            };
        }
    }

    private SpecValue? Raw(string name)
    {
        var def = Def(name);
        return _values.TryGetValue(def.Name, out var v) ? v : def.Default;
    }

    private ParameterDefinition Def(string name) =>
        Definition.Find(name) ?? throw new InvalidOperationException($"{Definition.Name} has no parameter '{name}' (catalogue bug)");

    private SpecException Missing(string name)
    {
        var def = Def(name);
        return Fail(name, $"is required: {def.Description} ({def.KindText()}{(def.RangeText() is { Length: > 0 } r ? ", " + r : "")})");
    }

    private void Check(string name, double v)
    {
        var problem = Def(name).CheckRange(v);
        if (problem is not null) throw Fail(name, problem);
    }

    private double CheckItem(string name, int index, double v)
    {
        var problem = Def(name).CheckRange(v);
        if (problem is not null) throw Fail(name, $"item {index} {problem}");
        return v;
    }

    private double ToSteps(string name, SpecValue value) => value switch
    {
        NumberValue n => n.Value,
        DurationValue d => Clock.ToSteps(d.Value, $"{Definition.Name}.{name}"),
        _ => throw Fail(name, $"must be a number of steps or a duration such as 100ba, 2ep, 0.25dur (got '{value.Describe()}')"),
    };

    private IReadOnlyList<T> ListOf<T>(string name, Func<SpecValue, int, T> convert)
    {
        var value = Raw(name);
        return value switch
        {
            ListValue l => [.. l.Items.Select(convert)],
            null or NullValue => Def(name).Optional ? [] : throw Missing(name),
            // A single value where a list is expected is a list of one (milestones=30).
            _ => [convert(value, 0)],
        };
    }

    private static bool IsWhole(double v) => double.IsFinite(v) && Math.Abs(v - Math.Round(v)) < 1e-9 && Math.Abs(v) < 9e15;
}
