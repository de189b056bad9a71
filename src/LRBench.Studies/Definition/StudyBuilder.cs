using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Optimization;

namespace LRBench.Studies.Definition;

/// <summary>
/// A study defined in code instead of a file: a task, policies (whole specs or grids over a policy's parameters),
/// training methods, seeds. Values are parsed as a study file's are (numbers, durations such as 2ep, lists), and
/// every policy is checked when it is added.
/// <code>
/// var study = new StudyBuilder("digits", TaskDefinition.ForTask("my-cnn") with { BatchSize = 64, Budget = Duration.Epochs(3) })
///     .Policy("FIX(k0=0.05)")
///     .Grid("TRI2", new() { ["k0"] = ["0.001", "0.01"], ["k1"] = ["0.1"] }, new() { ["l"] = "1ep" })
///     .Seeds(0, 1)
///     .Build();
/// </code>
/// </summary>
public sealed class StudyBuilder
{
    private readonly string _name;
    private readonly TaskDefinition _task;
    private readonly List<PolicyVariant> _policies = [];
    private readonly List<MethodSet> _methods = [];
    private long[] _seeds = [0];
    private double? _target;
    private StudyRangeTest? _rangeTest;

    /// <param name="name">The study's name: its key in the store, and its folder's name (<see cref="StudyName.Rule"/>).</param>
    /// <param name="task">What every trial trains: a built-in data set and model, or <see cref="TaskDefinition.ForTask"/>.</param>
    public StudyBuilder(string name, TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(task);
        if (!StudyName.IsValid(name)) throw new ArgumentException($"study name '{name}': {StudyName.Rule}");
        _name = name;
        _task = task;
    }

    /// <summary>One policy, as a whole spec (text or JSON), e.g. <c>warmup_cosine(peak_lr=0.05, warmup=1ep)</c>; range-test placeholders ($k0, $k1, ...) are allowed.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "Text and typed overloads (string or PolicySpec/SpecValue) never bind the same call and ship together.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "As above.")]
    public StudyBuilder Policy(string spec, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = PolicySpec.ParseAny(RangePlaceholders.Compact(spec));
        return Add(parsed, label, []);
    }

    /// <summary>
    /// One policy built in code (<see cref="PolicySpec.Create"/>), under <paramref name="label"/> in tables when given:
    /// typed values, so no culture changes its numbers.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the type of the policy (text or PolicySpec), never bind the same call, and ship together.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "As above.")]
    public StudyBuilder Policy(PolicySpec spec, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Add(spec, label, []);
    }

    /// <summary>
    /// One policy trained with its own <paramref name="optimizer"/> instead of the task's, as <c>policies[].optimizer</c>
    /// in a study file: a schedule-free optimizer under a constant policy beside the schedules, say. The default label
    /// names the optimizer.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in whether an optimizer is given, never bind the same call, and ship together.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "As above.")]
    public StudyBuilder Policy(PolicySpec spec, OptimizerOptions optimizer, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(optimizer);
        OptimizerFactory.Validate(optimizer);
        return Add(spec, label ?? $"{SpecFormatter.ToText(spec)} · {optimizer.Name}", [], optimizer);
    }

    /// <summary>
    /// One policy per point of a grid: <paramref name="grid"/> maps parameters to the values to try (written as in a
    /// study file), <paramref name="fixedParameters"/> gives the rest. Labels name each point's grid values.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "Text and typed overloads (string or PolicySpec/SpecValue) never bind the same call and ship together.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "As above.")]
    public StudyBuilder Grid(string policy, IReadOnlyDictionary<string, IReadOnlyList<string>> grid, IReadOnlyDictionary<string, string>? fixedParameters = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Grid(
            policy,
            [.. grid.Select(kv => (kv.Key, (IReadOnlyList<(SpecValue, string)>)[.. kv.Value.Select(v => (Value(v), v))]))],
            [.. (fixedParameters ?? new Dictionary<string, string>()).Select(kv => (kv.Key, Value(kv.Value), kv.Value))]);
    }

    /// <summary>
    /// A grid with typed values, e.g. <c>["k1"] = [0.05, 0.2]</c> and <c>["l"] = Duration.Epochs(1)</c>: numbers
    /// stay numbers (no text, no culture); labels and tables show them in the spec's own form.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the type of the values (text or SpecValue), never bind the same call, and ship together.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "As above.")]
    public StudyBuilder Grid(string policy, IReadOnlyDictionary<string, IReadOnlyList<SpecValue>> grid, IReadOnlyDictionary<string, SpecValue>? fixedParameters = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Grid(
            policy,
            [.. grid.Select(kv => (kv.Key, (IReadOnlyList<(SpecValue, string)>)[.. kv.Value.Select(v => (v, SpecFormatter.ToText(v)))]))],
            [.. (fixedParameters ?? new Dictionary<string, SpecValue>()).Select(kv => (kv.Key, kv.Value, SpecFormatter.ToText(kv.Value)))]);
    }

    private StudyBuilder Grid(string policy, List<(string Key, IReadOnlyList<(SpecValue Value, string Text)> Values)> grid, List<(string Key, SpecValue Value, string Text)> fixedValues)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string function = LRBench.Adaptive.Policies.Registry.Get(policy).Name; // throws with suggestions for an unknown name
        foreach (var (key, values) in grid)
        {
            if (values.Count == 0) throw new ArgumentException($"grid {function}.{key} needs at least one value");
            if (fixedValues.Any(f => f.Key == key)) throw new ArgumentException($"{function}.{key} is both fixed and in the grid; give it in one place");
        }

        long size = grid.Aggregate(1L, (n, axis) => Math.Min(n * axis.Values.Count, StudyParser.MaxTrials + 1));
        if (size + _policies.Count > StudyParser.MaxTrials)
            throw new ArgumentException($"the grid over {function} has {size} points; a study may have at most {StudyParser.MaxTrials} trials");
        foreach (var point in GridPoints.Of(grid.Select(axis => (axis.Key, axis.Values))))
        {
            var all = fixedValues.Concat(point.Select(p => (p.Key, p.Value.Value, p.Value.Text))).ToList();
            var spec = new PolicySpec(function, [.. all.Select(a => new SpecArgument(a.Key, a.Value))]);
            string label = point.Count == 0 ? function : $"{function} {string.Join(" ", point.Select(p => $"{p.Key}={p.Value.Text}"))}";
            Add(spec, label, all.ToDictionary(a => a.Key, a => a.Text));
        }

        return this;
    }

    /// <summary>The training-method sets to compare (default: the baseline alone).</summary>
    public StudyBuilder Methods(params MethodSet[] methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Length == 0) throw new ArgumentException("give at least one method set");
        if (methods.Select(m => m.Name).Distinct().Count() != methods.Length) throw new ArgumentException("method sets need distinct names");
        _methods.Clear();
        _methods.AddRange(methods);
        return this;
    }

    /// <summary>The seeds every policy runs with (default: 0).</summary>
    public StudyBuilder Seeds(params long[] seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Length == 0 || seeds.Distinct().Count() != seeds.Length) throw new ArgumentException("give one or more distinct seeds");
        _seeds = [.. seeds];
        return this;
    }

    /// <summary>The top-1 accuracy the ranking's cost column measures time to (classification tasks).</summary>
    public StudyBuilder TargetAccuracy(double top1)
    {
        if (!(top1 > 0 && top1 <= 1)) throw new ArgumentException($"the target accuracy is a fraction in (0, 1], got {top1}");
        _target = top1;
        return this;
    }

    /// <summary>Runs a range test first and fills the policies' placeholders ($k0, $k1, $low, $high, ...) from it.</summary>
    public StudyBuilder RangeTest(StudyRangeTest rangeTest)
    {
        _rangeTest = rangeTest ?? throw new ArgumentNullException(nameof(rangeTest));
        return this;
    }

    /// <summary>The study; its trials come from <see cref="StudyDefinition.Trials"/> once planned.</summary>
    public StudyDefinition Build()
    {
        if (_policies.Count == 0) throw new InvalidOperationException($"study {_name} has no policies; add one with Policy or Grid");
        var methods = _methods.Count == 0 ? [MethodSet.Baseline] : _methods.ToList();
        if ((long)_policies.Count * methods.Count * _seeds.Length > StudyParser.MaxTrials)
            throw new InvalidOperationException($"study {_name} would have {(long)_policies.Count * methods.Count * _seeds.Length} trials; at most {StudyParser.MaxTrials} are allowed");
        return new StudyDefinition
        {
            Name = _name,
            Task = _task,
            Policies = [.. _policies],
            Methods = methods,
            Seeds = _seeds,
            TargetAccuracy = _target,
            RangeTest = _rangeTest ?? (_policies.Any(p => RangePlaceholders.Uses(p.Policy)) ? new StudyRangeTest() : null),
        };
    }

    private StudyBuilder Add(PolicySpec spec, string? label, Dictionary<string, string> parameters, OptimizerOptions? optimizer = null)
    {
        bool placeholders = RangePlaceholders.Uses(spec);
        // Checked now against a nominal clock; the planner compiles again against the task's real epoch.
        LRBench.Adaptive.Policies.Registry.Compile(placeholders ? RangePlaceholders.Fill(spec, RangePlaceholders.Provisional) : spec, new RunClock(100) { TotalSteps = 1000 });
        string text = SpecFormatter.ToText(spec);
        // As in a study file: the store keys trials by what they train, so a second copy would be one trial counted twice.
        if (_policies.FirstOrDefault(p => p.Policy == spec && p.Optimizer == optimizer) is { } twice)
            throw new ArgumentException($"{text}: is already in the study (as '{twice.Label}'); give each policy once", nameof(spec));
        if (parameters.Count == 0 && !placeholders)
        {
            foreach (var a in spec.Arguments.Where(a => a.Name is not null))
                parameters[a.Name!] = SpecFormatter.ToText(a.Value);
        }

        _policies.Add(new PolicyVariant(label ?? text, LRBench.Adaptive.Policies.Registry.Get(spec.Name).Name, spec, parameters, _policies.Count + 1) { Optimizer = optimizer });
        return this;
    }

    private static SpecValue Value(string text) => SpecParser.ParseValue(RangePlaceholders.Compact(text));
}
