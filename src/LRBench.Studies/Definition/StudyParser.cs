using LRBench.Adaptive;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Optimization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>
/// Reads study files, YAML or JSON (JSON is read as YAML, so both get line numbers in errors). Everything is checked
/// here, before any training: keys, types, ranges, data set, model and optimizer names, and every policy spec
/// (compiled against the task's budget). The format is documented in docs/studies.md.
/// </summary>
public static partial class StudyParser
{
    private static readonly string[] TopKeys = ["name", "task", "policies", "tradeoff", "methods", "seeds", "target_accuracy", "range_test", "pruner", "racer"];
    private static readonly string[] RangeTestKeys = ["steps", "start", "end", "linear"];

    /// <summary>The most trials a study may have: weeks of CPU for the smallest models here, and a store that stays quick.</summary>
    public const int MaxTrials = 10_000;

    private static readonly string[] PolicyKeys = ["spec", "label", "policy", "params", "grid", "search", "optimizer"];
    private static readonly string[] MethodKeys = ["name", "label_smoothing", "mixup"];

    /// <summary>Reads and checks a study file (YAML or JSON); throws <see cref="StudyFileException"/> with the file and line of the first problem.</summary>
    public static StudyDefinition Load(string path) => LoadWithText(path).Study;

    /// <summary>
    /// Reads a study file once and parses that text: the definition and the exact text it came from (which the store
    /// keeps), so an edit between two reads can never pair one file's definition with another's text.
    /// </summary>
    public static (StudyDefinition Study, string Text) LoadWithText(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new StudyFileException($"{path}: study file not found");
        long bytes = new FileInfo(path).Length;
        if (bytes > 4L * YamlLimits.MaxCharacters)
            throw new StudyFileException($"{path}: the file is {bytes} bytes long; a study file may have at most {YamlLimits.MaxCharacters} characters");
        string text = File.ReadAllText(path);
        return (Parse(text, path), text);
    }

    /// <summary>Parses and checks study text; <paramref name="source"/> names it in errors (and relative paths resolve against its folder).</summary>
    public static StudyDefinition Parse(string text, string source) => Parse(text, source, checkDataDirectory: true);

    /// <summary>
    /// Parses a study's text as a store kept it, without looking for its data folder (it may have moved since): what
    /// a store of LRBench 0.1.0 needs to rebuild its trials (<see cref="Storage.StudyStore.Open(Storage.StoreLocation, TimeProvider?, Func{string, string, StudyDefinition}?)"/>).
    /// </summary>
    public static StudyDefinition ParseStored(string text, string source) => Parse(text, source, checkDataDirectory: false);

    /// <param name="text">The study's text.</param>
    /// <param name="source">Names it in errors.</param>
    /// <param name="checkDataDirectory">False when upgrading a stored study: its data folder may have moved since.</param>
    internal static StudyDefinition Parse(string text, string source, bool checkDataDirectory)
    {
        YamlLimits.Check(text, source);
        var root = LoadRoot(text, source);
        var r = new Reader(source);
        r.Keys(root, TopKeys, "study");
        string name = r.String(r.Required(root, "name", "study"), "name");
        if (!StudyName.IsValid(name))
            throw r.Error(root["name"], "name", $"must be {StudyName.Rule} (it names the study in the store and its folder)");

        var task = ReadTask(r, r.Mapping(r.Required(root, "task", "study"), "task"), checkDataDirectory);
        return FromRoot(r, root, name, task, source);
    }

    /// <summary>
    /// The study a mapping describes, its task already read (a suite's workload reads its task from another file).
    /// Every node but the task's is read through <paramref name="r"/>, so errors name the file they come from.
    /// </summary>
    private static StudyDefinition FromRoot(Reader r, YamlMappingNode root, string name, TaskDefinition task, string source)
    {
        var study = new StudyDefinition
        {
            Name = name,
            Task = task,
            Policies = [],
            Seeds = ReadSeeds(r, root),
            Methods = ReadMethods(r, root),
            TargetAccuracy = ReadTarget(r, root),
            SourcePath = source,
            RangeTest = ReadRangeTest(r, root),
        };
        PrunerDefinition? pruner = null;
        if (root.Children.TryGetValue(new YamlScalarNode("pruner"), out var prunerNode))
        {
            if (root.Children.ContainsKey(new YamlScalarNode("tradeoff")))
                throw r.Error(prunerNode, "pruner", "is for studies of policies; a tradeoff study's curves share trunks and are not pruned");
            pruner = ReadPruner(r, prunerNode, task);
        }

        RacerDefinition? racer = null;
        if (root.Children.TryGetValue(new YamlScalarNode("racer"), out var racerNode))
        {
            if (root.Children.ContainsKey(new YamlScalarNode("tradeoff")))
                throw r.Error(racerNode, "racer", "is for studies of policies; a tradeoff study's curves are not raced");
            racer = ReadRacer(r, racerNode, study.Seeds, pruner);
        }

        if (root.Children.TryGetValue(new YamlScalarNode("tradeoff"), out var tradeoffNode)) return WithTradeoff(r, root, tradeoffNode, study);
        var policies = WithPolicies(r, root, study) with { Pruner = pruner, Racer = racer };
        if (racer is not null && policies.Searches.Count > 0)
            throw r.Error(racerNode!, "racer", "cannot race a Bayesian search: its settings are proposed one at a time; race a grid or a list of policies");
        return policies;
    }

    /// <summary>The file's one YAML (or JSON) document, which must be a mapping.</summary>
    private static YamlMappingNode LoadRoot(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new StudyFileException($"{source}:{e.Start.Line}: not valid YAML or JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections; it knows no position.
            throw new StudyFileException($"{source}: not valid YAML or JSON (an unclosed {{ or [ ?): {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new StudyFileException($"{source}:1: a study file is one mapping with the keys {string.Join(", ", TopKeys)}");
        return root;
    }

    private static List<long> ReadSeeds(Reader r, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("seeds"), out var seedNode)) return [0];
        List<long> seeds = [.. r.Sequence(seedNode, "seeds").Select((n, i) => r.Long(n, $"seeds[{i}]"))];
        if (seeds.Count == 0) throw r.Error(seedNode, "seeds", "needs at least one seed");
        if (seeds.Distinct().Count() != seeds.Count) throw r.Error(seedNode, "seeds", "lists a seed twice");
        return seeds;
    }

    private static List<MethodSet> ReadMethods(Reader r, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("methods"), out var methodsNode)) return [MethodSet.Baseline];
        var methods = new List<MethodSet>();
        foreach (var (node, i) in r.Sequence(methodsNode, "methods").Select((n, i) => (n, i)))
            methods.Add(ReadMethod(r, node, $"methods[{i}]"));
        if (methods.Count == 0) throw r.Error(methodsNode, "methods", "is empty; leave it out for the baseline only");
        var dup = methods.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw r.Error(methodsNode, "methods", $"names '{dup.Key}' twice");
        return methods;
    }

    private static double? ReadTarget(Reader r, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("target_accuracy"), out var targetNode)) return null;
        double target = r.Double(targetNode, "target_accuracy");
        if (!(target > 0 && target <= 1)) throw r.Error(targetNode, "target_accuracy", $"must be a top-1 accuracy in (0, 1], got {target}");
        return target;
    }

    private static StudyRangeTest? ReadRangeTest(Reader r, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("range_test"), out var rtNode)) return null;
        var m = rtNode is YamlScalarNode { Value: "true" or "yes" } ? new YamlMappingNode() : r.Mapping(rtNode, "range_test");
        r.Keys(m, RangeTestKeys, "range_test");
        var rangeTest = new StudyRangeTest(
            r.OptionalInt(m, "steps", "range_test", min: 20),
            r.OptionalDouble(m, "start", "range_test") ?? 1e-5,
            r.OptionalDouble(m, "end", "range_test") ?? 1.0,
            r.OptionalBool(m, "linear", "range_test") ?? false);
        if (!(rangeTest.StartLr > 0 && rangeTest.EndLr > rangeTest.StartLr))
            throw r.Error(rtNode, "range_test", $"needs 0 < start < end, got start {rangeTest.StartLr} and end {rangeTest.EndLr}");
        return rangeTest;
    }

    /// <summary>A tradeoff study: its curves come from <c>tradeoff</c>, so it has no policies, budget or range test.</summary>
    private static StudyDefinition WithTradeoff(Reader r, YamlMappingNode root, YamlNode tradeoffNode, StudyDefinition study)
    {
        if (root.Children.ContainsKey(new YamlScalarNode("policies")))
            throw r.Error(root["policies"], "policies", "a tradeoff study builds its own policies from 'tradeoff'; give one or the other");
        if (study.RangeTest is not null) throw r.Error(root["range_test"], "range_test", "is not available in a tradeoff study; set tradeoff.peak_lr");
        var taskNode = (YamlMappingNode)root["task"];
        if (taskNode.Children.ContainsKey(new YamlScalarNode("budget")))
            throw r.Error(taskNode["budget"], "task.budget", "a tradeoff study's run lengths come from tradeoff (warmup, first_period, factor, points); remove the budget");
        return study with { Tradeoff = ReadTradeoff(r, r.Mapping(tradeoffNode, "tradeoff")) };
    }

    /// <summary>A study of policies: its policy entries (grids and searches expanded), checked against the trial limit.</summary>
    private static StudyDefinition WithPolicies(Reader r, YamlMappingNode root, StudyDefinition study)
    {
        var policiesNode = r.Sequence(r.Required(root, "policies", "study"), "policies");
        var clock = ProvisionalClock(study.Task);
        var policies = new List<PolicyVariant>();
        var searches = new List<BayesianSearch>();
        foreach (var (node, i) in policiesNode.Select((n, i) => (n, i)))
        {
            policies.AddRange(ReadPolicies(r, node, $"policies[{i}]", clock, study.RangeTest is not null, searches, study.Task.Optimizer));
            if (policies.Count > MaxTrials)
                throw r.Error(node, $"policies[{i}]", $"brings the study to {policies.Count} policies; a study may have at most {MaxTrials} trials");
        }

        if (policies.Count == 0) throw r.Error(policiesNode, "policies", "is empty; name at least one policy");
        long trials = (long)(policies.Count + searches.Sum(s => s.Trials - s.Initial)) * study.Methods.Count * study.Seeds.Count;
        if (trials > MaxTrials)
            throw r.Error(policiesNode, "policies", $"{policies.Count} policies x {study.Methods.Count} methods x {study.Seeds.Count} seeds make {trials} trials; a study may have at most {MaxTrials}");
        var twice = policies.GroupBy(p => (p.Policy, p.Optimizer)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            string with = twice.First().Optimizer is { } o ? $" with optimizer {o.Name}" : "";
            throw new StudyFileException($"{study.SourcePath}:{twice.Last().Line}: policies: '{twice.First().SpecText}'{with} appears twice");
        }
        return study with { Policies = policies, Searches = searches };
    }

    private static MethodSet ReadMethod(Reader r, YamlNode node, string where)
    {
        if (node is YamlScalarNode s)
        {
            string n = r.String(s, where);
            return n == "baseline" ? MethodSet.Baseline : throw r.Error(node, where, $"'{n}' is not a method set; write baseline or a mapping {{name: ..., label_smoothing: 0.1, mixup: 0.2}}");
        }

        var m = r.Mapping(node, where);
        r.Keys(m, MethodKeys, where);
        string name = r.String(r.Required(m, "name", where), where + ".name");
        double ls = r.OptionalDouble(m, "label_smoothing", where) ?? 0;
        double mix = r.OptionalDouble(m, "mixup", where) ?? 0;
        if (!(ls >= 0 && ls < 1)) throw r.Error(m["label_smoothing"], where + ".label_smoothing", $"must be in [0, 1), got {ls}");
        if (!(mix >= 0 && double.IsFinite(mix))) throw r.Error(m["mixup"], where + ".mixup", $"must be >= 0 (0 is off), got {mix}");
        return new MethodSet(name, ls, mix);
    }

    /// <summary>A policy entry's <c>policy:</c>, which must name a registered policy (the error suggests near names).</summary>
    private static string ReadPolicyName(Reader r, YamlMappingNode m, string where)
    {
        var policyNode = r.Required(m, "policy", where);
        string policy = r.String(policyNode, where + ".policy");
        if (Policies.Registry.Find(policy) is not null) return policy;
        try
        {
            Policies.Registry.Get(policy); // throws with suggestions
        }
        catch (SpecException e)
        {
            throw r.Error(policyNode, where + ".policy", e.Message);
        }

        return policy;
    }

    /// <summary>A policy entry's <c>params:</c>. Each value is parsed once into a spec value; its text as written is kept for labels and tables.</summary>
    private static List<(string Key, SpecValue Value, string Text)> ReadParams(Reader r, YamlMappingNode m, string where)
    {
        var fixedParams = new List<(string Key, SpecValue Value, string Text)>();
        if (!m.Children.TryGetValue(new YamlScalarNode("params"), out var p)) return fixedParams;
        foreach (var (k, v) in r.Mapping(p, where + ".params").Children)
        {
            string at = $"{where}.params.{k}";
            fixedParams.Add((r.String(k, where + ".params"), Value(r, v, at), SpecText(r, v, at)));
        }

        return fixedParams;
    }

    /// <summary>A policy entry's <c>grid:</c> axes, each with its values parsed once and as written; at most <see cref="MaxTrials"/> points in all.</summary>
    private static List<(string Key, List<(SpecValue Value, string Text)> Values, YamlNode Node)> ReadGrid(
        Reader r, YamlMappingNode m, string where, List<(string Key, SpecValue Value, string Text)> fixedParams)
    {
        var axes = new List<(string Key, List<(SpecValue Value, string Text)> Values, YamlNode Node)>();
        if (!m.Children.TryGetValue(new YamlScalarNode("grid"), out var g)) return axes;
        foreach (var (k, v) in r.Mapping(g, where + ".grid").Children)
        {
            string key = r.String(k, where + ".grid");
            var values = r.Sequence(v, $"{where}.grid.{key}").Select((n, i) => (Value(r, n, $"{where}.grid.{key}[{i}]"), SpecText(r, n, $"{where}.grid.{key}[{i}]"))).ToList();
            if (values.Count == 0) throw r.Error(v, $"{where}.grid.{key}", "needs at least one value");
            if (fixedParams.Any(f => f.Key == key)) throw r.Error(k, $"{where}.grid.{key}", "is also in params; give it in one place");
            axes.Add((key, values, v));
        }

        long size = axes.Aggregate(1L, (n, a) => Math.Min(n * a.Values.Count, MaxTrials + 1));
        if (size > MaxTrials)
            throw r.Error(g, where + ".grid", $"has {string.Join(" x ", axes.Select(a => a.Values.Count))} points; a study may have at most {MaxTrials} trials");
        return axes;
    }

    private static IEnumerable<PolicyVariant> ReadPolicies(
        Reader r, YamlNode node, string where, RunClock clock, bool hasRangeTest, List<BayesianSearch> searches, OptimizerOptions taskOptimizer)
    {
        if (node is YamlScalarNode)
        {
            yield return Checked(r, node, where, ParseSpec(r, node, where, r.String(node, where)), null, new Dictionary<string, string>(), clock, hasRangeTest);
            yield break;
        }

        var m = r.Mapping(node, where);
        r.Keys(m, PolicyKeys, where);
        string? label = r.OptionalString(m, "label", where);
        OptimizerOptions? own = m.Children.TryGetValue(new YamlScalarNode("optimizer"), out var optimizerNode)
            ? ReadOptimizer(r, optimizerNode, where + ".optimizer", taskOptimizer)
            : null;
        foreach (var variant in ReadEntry(r, m, where, label, clock, hasRangeTest, searches))
            yield return own is null ? variant : variant with { Optimizer = own, Label = label ?? $"{variant.Label} · {own.Name}" };
    }

    /// <summary>The settings of one policy entry (a mapping): its spec, or its grid points or search.</summary>
    private static IEnumerable<PolicyVariant> ReadEntry(
        Reader r, YamlMappingNode m, string where, string? label, RunClock clock, bool hasRangeTest, List<BayesianSearch> searches)
    {
        if (m.Children.ContainsKey(new YamlScalarNode("spec")))
        {
            if (m.Children.ContainsKey(new YamlScalarNode("policy")))
                throw r.Error(m, where, "give either spec (a whole spec) or policy with params/grid, not both");
            var spec = ParseSpec(r, m["spec"], where + ".spec", r.String(m["spec"], where + ".spec"));
            yield return Checked(r, m["spec"], where, spec, label, new Dictionary<string, string>(), clock, hasRangeTest);
            yield break;
        }

        string policy = ReadPolicyName(r, m, where);
        var fixedParams = ReadParams(r, m, where);
        var axes = ReadGrid(r, m, where, fixedParams);
        m.Children.TryGetValue(new YamlScalarNode("grid"), out var g);

        IEnumerable<List<(string Key, SpecValue Value, string Text)>> points;
        string? searchId = null;
        if (m.Children.TryGetValue(new YamlScalarNode("search"), out var searchNode))
        {
            if (g is not null) throw r.Error(searchNode, where + ".search", "and grid are both given; a policy entry is searched or gridded, not both");
            BayesianSearch? bayes;
            (points, bayes) = ReadSearch(r, searchNode, where + ".search", fixedParams.Select(f => f.Key).ToHashSet(), where, policy);
            if (bayes is not null)
            {
                if (hasRangeTest) throw r.Error(searchNode, where + ".search", "the gp sampler proposes settings while the study runs; it cannot be combined with range_test placeholders");
                searches.Add(bayes);
                searchId = bayes.Id;
            }
        }
        else
        {
            points = GridPoints.Of(axes.Select(a => (a.Key, (IReadOnlyList<(SpecValue Value, string Text)>)a.Values)))
                .Select(point => point.Select(p => (p.Key, p.Value.Value, p.Value.Text)).ToList());
        }

        foreach (var point in points)
        {
            var all = fixedParams.Concat(point).ToList();
            var spec = new PolicySpec(policy, [.. all.Select(a => new SpecArgument(a.Key, a.Value))]);
            string pointLabel = label ?? (point.Count == 0 ? policy : $"{policy} {string.Join(" ", point.Select(a => $"{a.Key}={a.Text}"))}");
            var variant = Checked(r, m, where, spec, pointLabel, all.ToDictionary(a => a.Key, a => a.Text), clock, hasRangeTest);
            yield return searchId is null ? variant : variant with { SearchId = searchId };
        }
    }

    /// <summary>A whole spec as written (text or JSON), placeholders included as single words.</summary>
    private static PolicySpec ParseSpec(Reader r, YamlNode node, string where, string text)
    {
        try
        {
            return PolicySpec.ParseAny(RangePlaceholders.Compact(text));
        }
        catch (SpecException e)
        {
            throw r.Error(node, where, $"{text}: {e.Message}");
        }
    }

    /// <summary>A YAML value as a spec value: scalars parsed as the spec language reads an argument, lists item by item.</summary>
    private static SpecValue Value(Reader r, YamlNode node, string where)
    {
        switch (node)
        {
            case YamlScalarNode s:
                try
                {
                    return SpecParser.ParseValue(RangePlaceholders.Compact(s.Value ?? ""));
                }
                catch (SpecException e)
                {
                    throw r.Error(node, where, e.Message);
                }

            case YamlSequenceNode seq:
                return new ListValue([.. seq.Select((n, i) => Value(r, n, $"{where}[{i}]"))]);
            default:
                throw r.Error(node, where, "must be a value or a list of values");
        }
    }

    private static PolicyVariant Checked(
        Reader r, YamlNode node, string where, PolicySpec spec, string? label, Dictionary<string, string> parameters, RunClock clock, bool hasRangeTest)
    {
        bool placeholders = RangePlaceholders.Uses(spec);
        string text = SpecFormatter.ToText(spec);
        if (placeholders && !hasRangeTest)
            throw r.Error(node, where, $"{text}: uses range-test values ($k0, $k1, ...) but the study has no range_test");
        try
        {
            // Placeholders are checked with plausible values now and filled with the range test's when the study runs.
            Policies.Registry.Compile(placeholders ? RangePlaceholders.Fill(spec, RangePlaceholders.Provisional) : spec, clock);
        }
        catch (SpecException e)
        {
            throw r.Error(node, where, $"{text}: {e.Message}");
        }
        catch (StudyFileException e)
        {
            throw r.Error(node, where, e.Message);
        }

        if (parameters.Count == 0 && !placeholders)
        {
            foreach (var a in spec.Arguments.Where(a => a.Name is not null))
                parameters[a.Name!] = SpecFormatter.ToText(a.Value);
        }

        string function = Policies.Registry.Get(spec.Name).Name;
        return new PolicyVariant(label ?? text, function, spec, parameters, (int)node.Start.Line);
    }

    /// <summary>A YAML value as it reads in a label: scalars as written, lists as [a, b].</summary>
    private static string SpecText(Reader r, YamlNode node, string where) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Select((n, i) => SpecText(r, n, $"{where}[{i}]"))) + "]",
        _ => throw r.Error(node, where, "must be a value or a list of values"),
    };
}
