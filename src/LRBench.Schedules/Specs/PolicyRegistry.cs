namespace LRBench.Schedules.Specs;

/// <summary>
/// Every named policy, looked up by name or alias (case-insensitive): the 13 LRBench functions, PyTorch, timm and
/// transformers names (also fully qualified, as golden files write them), the seeds' shapes and the combinators.
/// Immutable; <c>Catalogue.BuiltInPolicies.Registry</c> holds the built-in catalogue.
/// </summary>
public sealed class PolicyRegistry
{
    private readonly Dictionary<string, PolicyDefinition> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PolicyDefinition> _definitions;

    private readonly string? _elsewhere;

    /// <summary>A registry of <paramref name="definitions"/>; names and aliases must be unique (case-insensitive).</summary>
    /// <param name="definitions">The policies it knows.</param>
    /// <param name="elsewhere">Where the policies it does not know may be found, for its "unknown policy" message.</param>
    public PolicyRegistry(IEnumerable<PolicyDefinition> definitions, string? elsewhere = null)
    {
        _elsewhere = elsewhere;
        _definitions = [.. definitions];
        foreach (var d in _definitions)
        {
            foreach (var key in d.Aliases.Prepend(d.Name))
            {
                if (!_byName.TryAdd(key, d))
                    throw new ArgumentException($"policy name '{key}' is defined twice", nameof(definitions));
            }
        }
    }

    /// <summary>Every definition, in the order given.</summary>
    public IReadOnlyList<PolicyDefinition> Definitions => _definitions;

    /// <summary>The definition with this name or alias (case-insensitive), or null.</summary>
    public PolicyDefinition? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>The definition with this name or alias; throws a <see cref="SpecException"/> that lists close names when there is none.</summary>
    public PolicyDefinition Get(string name) => Find(name) ?? throw Unknown(name);

    /// <summary>Parses (text or JSON) and compiles a spec in one call.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The overloads differ in the spec's type (text or parsed), not in optional parameters.")]
    public Schedule Compile(string spec, RunClock? clock = null) => Compile(PolicySpec.ParseAny(spec), clock ?? RunClock.None);

    /// <summary>
    /// Builds the schedule a spec describes, validating every parameter against the definition, and refuses it when
    /// its learning rate would not be finite and non-negative at some step of the run (<see cref="ScheduleCheck"/>).
    /// </summary>
    public Schedule Compile(PolicySpec spec, RunClock clock)
    {
        var schedule = Build(spec, clock);
        ScheduleCheck.RequireFiniteRates(spec.Name, schedule, clock);
        return schedule;
    }

    /// <summary>Builds and checks the parameters; nested policies are built this way and checked as part of the whole.</summary>
    internal Schedule Build(PolicySpec spec, RunClock clock)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(clock);
        var definition = Get(spec.Name);
        var values = Bind(definition, spec);
        var arguments = new PolicyArguments(definition, values, clock, this);
        var schedule = definition.Build(arguments);
        arguments.CheckGiven();
        schedule.SetSpecText(() => SpecFormatter.ToText(spec));
        return schedule;
    }

    /// <summary>Rewrites positional arguments as named ones and names as the catalogue spells them (recursively), so the spec can be written as JSON.</summary>
    public PolicySpec Normalize(PolicySpec spec)
    {
        var definition = Get(spec.Name);
        var values = Bind(definition, spec);
        var args = definition.Parameters
            .Where(p => values.ContainsKey(p.Name))
            .Select(p => new SpecArgument(p.Name, NormalizeValue(values[p.Name])))
            .ToList();
        return new PolicySpec(spec.Name, args);
    }

    private SpecValue NormalizeValue(SpecValue value) => value switch
    {
        PolicySpec p => Normalize(p),
        ListValue l => new ListValue([.. l.Items.Select(NormalizeValue)]),
        _ => value,
    };

    /// <summary>
    /// A named number followed by a bare number (<c>k0=0,01825</c>) is what interpolating a double under a culture
    /// with a decimal comma (de-DE, fr-FR) produces: say so, rather than that every argument must be named.
    /// </summary>
    private static void DecimalComma(PolicyDefinition definition, PolicySpec spec)
    {
        for (int i = 1; i < spec.Arguments.Count; i++)
        {
            var (before, bare) = (spec.Arguments[i - 1], spec.Arguments[i]);
            if (before.Name is string name && before.Value is NumberValue && bare.Name is null && bare.Value is NumberValue)
            {
                throw new SpecException($"{definition.Name}.{name}",
                    $"'{SpecFormatter.ToText(before.Value)}, {SpecFormatter.ToText(bare.Value)}' looks like one number written with a decimal comma; specs write numbers with a point: format them with CultureInfo.InvariantCulture (in C#, FormattableString.Invariant($\"...\"))");
            }
        }
    }

    private static Dictionary<string, SpecValue> Bind(PolicyDefinition definition, PolicySpec spec)
    {
        var values = new Dictionary<string, SpecValue>(StringComparer.OrdinalIgnoreCase);
        var positional = new List<SpecValue>();
        foreach (var arg in spec.Arguments)
        {
            if (arg.Name is null)
            {
                positional.Add(arg.Value);
                continue;
            }

            var p = definition.Find(arg.Name)
                ?? throw new SpecException($"{definition.Name}.{arg.Name}",
                    $"unknown parameter; {definition.Name} takes {(definition.Parameters.Count == 0 ? "no parameters" : string.Join(", ", definition.Parameters.Select(x => x.Name)))}");
            if (!values.TryAdd(p.Name, arg.Value))
                throw new SpecException($"{definition.Name}.{p.Name}", "is given twice");
        }

        if (positional.Count > 0)
        {
            DecimalComma(definition, spec);
            var target = definition.Positional is string pn ? definition.Find(pn) : null;
            if (target is null)
                throw new SpecException($"{definition.Name}: every argument must be named (e.g. {definition.Name}({string.Join(", ", definition.Parameters.Take(2).Select(x => x.Name + "=..."))}))");
            if (values.ContainsKey(target.Name))
                throw new SpecException($"{definition.Name}.{target.Name}", "is given both by name and by position");
            if (target.Kind == ParameterKind.Policies)
            {
                values[target.Name] = new ListValue(positional);
            }
            else if (positional.Count == 1)
            {
                values[target.Name] = positional[0];
            }
            else
            {
                throw new SpecException($"{definition.Name}.{target.Name}", $"takes one positional value (got {positional.Count})");
            }
        }

        foreach (var p in definition.Parameters.Where(p => p.Required))
        {
            if (!values.ContainsKey(p.Name))
                throw new SpecException($"{definition.Name}.{p.Name}", $"is required: {p.Description} ({p.KindText()}{(p.RangeText() is { Length: > 0 } r ? ", " + r : "")})");
        }

        return values;
    }

    private SpecException Unknown(string name)
    {
        var close = _byName.Keys
            .Select(k => (Key: k, Distance: EditDistance(k.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(2, name.Length / 3))
            .OrderBy(x => x.Distance).ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Key).Distinct(StringComparer.OrdinalIgnoreCase).Take(3).ToList();
        string hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close)}?" : "";
        string where = _elsewhere is null ? "" : "; " + _elsewhere;
        return new SpecException($"unknown policy '{name}'{hint}{where} (`lrbench schedule list` shows them all)");
    }

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
