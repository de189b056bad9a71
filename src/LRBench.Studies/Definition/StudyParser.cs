using System.Globalization;
using LRBench.Adaptive;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Pruning;
using LRBench.Studies.Search;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>
/// Reads study files, YAML or JSON (JSON is read as YAML, so both get line numbers in errors). Everything is checked
/// here, before any training: keys, types, ranges, data set, model and optimizer names, and every policy spec
/// (compiled against the task's budget). The format is documented in docs/studies.md.
/// </summary>
public static class StudyParser
{
    private static readonly string[] TopKeys = ["name", "task", "policies", "tradeoff", "methods", "seeds", "target_accuracy", "range_test", "pruner"];
    private static readonly string[] TradeoffKeys =
        ["peak_lr", "warmup", "first_period", "factor", "points", "min_lr", "curves", "evaluate_every_epoch", "peak_decay", "fork", "ensembles"];
    private static readonly string[] ForkKeys = ["fraction", "shape"];
    private static readonly string[] ForkShapes = ["linear", "cosine", "1-sqrt"];
    private static readonly string[] RangeTestKeys = ["steps", "start", "end", "linear"];
    private static readonly string[] TaskKeys =
        ["dataset", "data_dir", "train_limit", "test_limit", "validation", "normalize", "model", "optimizer", "batch_size", "budget", "evaluate_every", "checkpoint_every", "device", "custom"];
    private static readonly string[] OptimizerKeys = ["name", "momentum", "nesterov", "weight_decay", "beta1", "beta2", "eps", "alpha"];
    /// <summary>The most trials a study may have: weeks of CPU for the smallest models here, and a store that stays quick.</summary>
    public const int MaxTrials = 10_000;

    private static readonly string[] PolicyKeys = ["spec", "label", "policy", "params", "grid", "search"];
    private static readonly string[] SearchKeys = ["sampler", "trials", "seed", "space", "initial"];
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
        var r = new Reader(source);
        r.Keys(root, TopKeys, "study");
        string name = r.String(r.Required(root, "name", "study"), "name");
        if (!StudyName.IsValid(name))
            throw r.Error(root["name"], "name", $"must be {StudyName.Rule} (it names the study in the store and its folder)");

        var task = ReadTask(r, r.Mapping(r.Required(root, "task", "study"), "task"), checkDataDirectory);
        var seeds = root.Children.TryGetValue(new YamlScalarNode("seeds"), out var seedNode)
            ? [.. r.Sequence(seedNode, "seeds").Select((n, i) => r.Long(n, $"seeds[{i}]"))]
            : new List<long> { 0 };
        if (seeds.Count == 0) throw r.Error(seedNode!, "seeds", "needs at least one seed");
        if (seeds.Distinct().Count() != seeds.Count) throw r.Error(seedNode!, "seeds", "lists a seed twice");

        var methods = new List<MethodSet>();
        if (root.Children.TryGetValue(new YamlScalarNode("methods"), out var methodsNode))
        {
            foreach (var (node, i) in r.Sequence(methodsNode, "methods").Select((n, i) => (n, i)))
                methods.Add(ReadMethod(r, node, $"methods[{i}]"));
            if (methods.Count == 0) throw r.Error(methodsNode, "methods", "is empty; leave it out for the baseline only");
            var dup = methods.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw r.Error(methodsNode, "methods", $"names '{dup.Key}' twice");
        }
        else
        {
            methods.Add(MethodSet.Baseline);
        }

        double? target = null;
        if (root.Children.TryGetValue(new YamlScalarNode("target_accuracy"), out var targetNode))
        {
            target = r.Double(targetNode, "target_accuracy");
            if (!(target > 0 && target <= 1)) throw r.Error(targetNode, "target_accuracy", $"must be a top-1 accuracy in (0, 1], got {target}");
        }

        StudyRangeTest? rangeTest = null;
        if (root.Children.TryGetValue(new YamlScalarNode("range_test"), out var rtNode))
        {
            var m = rtNode is YamlScalarNode { Value: "true" or "yes" } ? new YamlMappingNode() : r.Mapping(rtNode, "range_test");
            r.Keys(m, RangeTestKeys, "range_test");
            rangeTest = new StudyRangeTest(
                r.OptionalInt(m, "steps", "range_test", min: 20),
                r.OptionalDouble(m, "start", "range_test") ?? 1e-5,
                r.OptionalDouble(m, "end", "range_test") ?? 1.0,
                r.OptionalBool(m, "linear", "range_test") ?? false);
            if (!(rangeTest.StartLr > 0 && rangeTest.EndLr > rangeTest.StartLr))
                throw r.Error(rtNode, "range_test", $"needs 0 < start < end, got start {rangeTest.StartLr} and end {rangeTest.EndLr}");
        }

        PrunerDefinition? pruner = null;
        if (root.Children.TryGetValue(new YamlScalarNode("pruner"), out var prunerNode))
        {
            if (root.Children.ContainsKey(new YamlScalarNode("tradeoff")))
                throw r.Error(prunerNode, "pruner", "is for studies of policies; a tradeoff study's curves share trunks and are not pruned");
            pruner = ReadPruner(r, prunerNode, task);
        }

        if (root.Children.TryGetValue(new YamlScalarNode("tradeoff"), out var tradeoffNode))
        {
            if (root.Children.ContainsKey(new YamlScalarNode("policies")))
                throw r.Error(root["policies"], "policies", "a tradeoff study builds its own policies from 'tradeoff'; give one or the other");
            if (rangeTest is not null) throw r.Error(rtNode!, "range_test", "is not available in a tradeoff study; set tradeoff.peak_lr");
            var taskNode = (YamlMappingNode)root["task"];
            if (taskNode.Children.ContainsKey(new YamlScalarNode("budget")))
                throw r.Error(taskNode["budget"], "task.budget", "a tradeoff study's run lengths come from tradeoff (warmup, first_period, factor, points); remove the budget");
            return new StudyDefinition
            {
                Name = name,
                Task = task,
                Policies = [],
                Tradeoff = ReadTradeoff(r, r.Mapping(tradeoffNode, "tradeoff")),
                Methods = methods,
                Seeds = seeds,
                TargetAccuracy = target,
                SourcePath = source,
            };
        }

        var policiesNode = r.Sequence(r.Required(root, "policies", "study"), "policies");
        var clock = ProvisionalClock(task);
        var policies = new List<PolicyVariant>();
        var searches = new List<BayesianSearch>();
        foreach (var (node, i) in policiesNode.Select((n, i) => (n, i)))
        {
            policies.AddRange(ReadPolicies(r, node, $"policies[{i}]", clock, rangeTest is not null, searches));
            if (policies.Count > MaxTrials)
                throw r.Error(node, $"policies[{i}]", $"brings the study to {policies.Count} policies; a study may have at most {MaxTrials} trials");
        }

        if (policies.Count == 0) throw r.Error(policiesNode, "policies", "is empty; name at least one policy");
        long trials = (long)(policies.Count + searches.Sum(s => s.Trials - s.Initial)) * methods.Count * seeds.Count;
        if (trials > MaxTrials)
            throw r.Error(policiesNode, "policies", $"{policies.Count} policies x {methods.Count} methods x {seeds.Count} seeds make {trials} trials; a study may have at most {MaxTrials}");
        var twice = policies.GroupBy(p => p.Policy).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new StudyFileException($"{source}:{twice.Last().Line}: policies: '{twice.First().SpecText}' appears twice");

        return new StudyDefinition
        {
            Name = name,
            Task = task,
            Policies = policies,
            Methods = methods,
            Seeds = seeds,
            TargetAccuracy = target,
            SourcePath = source,
            RangeTest = rangeTest,
            Pruner = pruner,
            Searches = searches,
        };
    }

    /// <summary>
    /// <c>pruner: {name: asha, min_resource: 0.5ep, reduction_factor: 3, fair: {anneal: 0.1ep}}</c>,
    /// <c>{name: median, min_resource: 1ep, min_trials: 3}</c> or any other pruner of <see cref="Pruners"/>, with its
    /// own settings. A pruner needs a point to judge before the run's end.
    /// </summary>
    private static PrunerDefinition ReadPruner(Reader r, YamlNode node, TaskDefinition task)
    {
        const string where = "pruner";
        var m = r.Mapping(node, where);
        string name = r.String(r.Required(m, "name", where), where + ".name");
        var type = Pruners.Find(name) ?? throw r.Error(m["name"], where + ".name", $"unknown pruner '{name}'; known: {string.Join(", ", Pruners.All.Select(p => p.Name))}");
        CheckPrunerKeys(r, m, type);
        var min = r.OptionalDuration(m, "min_resource", where) ?? (type.MinResourceRequired
            ? throw r.Error(m, where, "'min_resource' is required: the first rung, e.g. 1ep")
            : Duration.Epochs(0));
        var pruner = new PrunerDefinition
        {
            Name = type.Name,
            MinResource = min,
            Settings = type.Settings.ToDictionary(s => s.Key, s => ReadPrunerSetting(r, m, s)),
            Paired = r.OptionalBool(m, "paired", where) ?? false,
            Seed = m.Children.TryGetValue(new YamlScalarNode("seed"), out var orderSeed) ? r.Long(orderSeed, where + ".seed") : 0,
            Fair = ReadFairRungs(r, m),
            Line = (int)node.Start.Line,
        };

        // Checked on a provisional clock when the durations share a unit (the usual case); the planner checks again
        // on the data's real epoch length before anything is registered.
        var units = new[] { task.Budget.Unit, task.EvaluateEvery.Unit, min.Unit }.Where(u => u != TimeUnit.FractionOfRun).Distinct().Count();
        if (units == 1 && Pruning.RungPlanner.RungSteps(pruner, ProvisionalClock(task), ProvisionalClock(task).ToSteps(task.EvaluateEvery, "evaluate_every")).Count == 0)
            throw r.Error(node, where, NoRungProblem(pruner, task));
        return pruner;
    }

    private static readonly string[] CommonPrunerKeys = ["name", "min_resource", "paired", "seed", "fair"];

    /// <summary>A key another pruner takes is named as that pruner's, so a mix-up reads as one.</summary>
    private static void CheckPrunerKeys(Reader r, YamlMappingNode m, PrunerType type)
    {
        foreach (var key in m.Children.Keys.OfType<YamlScalarNode>())
        {
            string k = key.Value ?? "";
            if (CommonPrunerKeys.Contains(k) || type.Settings.Any(s => s.Key == k)) continue;
            var owner = Pruners.All.FirstOrDefault(p => p.Settings.Any(s => s.Key == k));
            string takes = type.Settings.Count == 0 ? "no settings of its own" : string.Join(", ", type.Settings.Select(s => s.Key));
            throw r.Error(key, "pruner." + k, owner is null
                ? $"unknown key; a pruner takes {string.Join(", ", CommonPrunerKeys)} and its own settings ({type.Name}: {takes})"
                : $"belongs to {owner.Name}; {type.Name} has {takes}");
        }
    }

    private static double ReadPrunerSetting(Reader r, YamlMappingNode m, PrunerSetting setting)
    {
        string where = "pruner." + setting.Key;
        if (!m.Children.TryGetValue(new YamlScalarNode(setting.Key), out var node)) return setting.Default;
        double value = r.Double(node, where);
        if (!setting.Allows(value)) throw r.Error(node, where, $"must be {setting.Rule}, got {value.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    private static FairRungs? ReadFairRungs(Reader r, YamlMappingNode m)
    {
        const string where = "pruner";
        if (!m.Children.TryGetValue(new YamlScalarNode("fair"), out var fairNode)) return null;
        if (fairNode is YamlScalarNode { Value: "false" or "no" }) return null;
        var f = fairNode is YamlScalarNode { Value: "true" or "yes" } ? new YamlMappingNode() : r.Mapping(fairNode, where + ".fair");
        r.Keys(f, ["anneal"], where + ".fair");
        var anneal = r.OptionalDuration(f, "anneal", where + ".fair") ?? Duration.Epochs(0.1);
        if (anneal.Unit == TimeUnit.FractionOfRun) throw r.Error(f["anneal"], where + ".fair.anneal", "must be in epochs (0.1ep) or steps (50ba)");
        return new FairRungs { Anneal = anneal };
    }

    /// <summary>Why a pruner has nothing to judge before the end of the budget, and what to change.</summary>
    internal static string NoRungProblem(PrunerDefinition pruner, TaskDefinition task) =>
        Pruners.Find(pruner.Name) is { } type ? type.NoRungProblem(pruner, task) : $"unknown pruner '{pruner.Name}'";

    /// <summary>A clock for checking specs before the data is loaded: 100 steps per epoch, the budget in steps.</summary>
    private static TradeoffDefinition ReadTradeoff(Reader r, YamlMappingNode node)
    {
        const string where = "tradeoff";
        r.Keys(node, TradeoffKeys, where);
        Duration Length(string key)
        {
            var d = r.OptionalDuration(node, key, where) ?? throw r.Error(node, where, $"'{key}' is required (e.g. 1ep)");
            return d.Unit == TimeUnit.FractionOfRun ? throw r.Error(node[key], $"{where}.{key}", "must be in epochs (1ep) or steps (500ba)") : d;
        }

        double peak = r.Double(r.Required(node, "peak_lr", where), "tradeoff.peak_lr");
        if (!(peak > 0)) throw r.Error(node["peak_lr"], "tradeoff.peak_lr", $"must be positive, got {peak}");
        var t = new TradeoffDefinition
        {
            PeakLr = peak,
            Warmup = Length("warmup"),
            FirstPeriod = Length("first_period"),
            Factor = r.OptionalDouble(node, "factor", where) ?? 2,
            Points = r.OptionalInt(node, "points", where, min: 2) ?? 5,
            MinLr = r.OptionalDouble(node, "min_lr", where) ?? 0,
            EvaluateEveryEpoch = r.OptionalBool(node, "evaluate_every_epoch", where) ?? true,
            PeakDecay = r.OptionalDouble(node, "peak_decay", where) ?? 0.8,
            Ensembles = r.OptionalBool(node, "ensembles", where) ?? true,
        };
        if (!(t.Factor > 1 && t.Factor <= 16)) throw r.Error(node["factor"], "tradeoff.factor", $"must be in (1, 16] (periods a, a r, a r^2, ...), got {t.Factor}");
        if (t.Points > 16) throw r.Error(node["points"], "tradeoff.points", $"must be at most 16, got {t.Points}");
        if (!(t.MinLr >= 0 && t.MinLr < peak)) throw r.Error(node["min_lr"], "tradeoff.min_lr", $"must be in [0, peak_lr), got {t.MinLr}");
        if (!(t.PeakDecay > 0 && t.PeakDecay <= 1)) throw r.Error(node["peak_decay"], "tradeoff.peak_decay", $"must be in (0, 1], got {t.PeakDecay}");

        if (node.Children.TryGetValue(new YamlScalarNode("curves"), out var curvesNode))
        {
            string known = string.Join(", ", CurveKinds.Requestable.Select(k => k.ToText()));
            var curves = new List<CurveKind>();
            foreach (var (n, i) in r.Sequence(curvesNode, "tradeoff.curves").Select((n, i) => (n, i)))
            {
                string name = r.String(n, $"tradeoff.curves[{i}]");
                if (!CurveKinds.TryParseRequestable(name, out var kind)) throw r.Error(curvesNode, "tradeoff.curves", $"unknown curve '{name.ToLowerInvariant()}'; known: {known}");
                curves.Add(kind);
            }

            if (curves.Count == 0) throw r.Error(curvesNode, "tradeoff.curves", $"is empty; name at least one of {known}");
            t = t with { Curves = [.. curves.Distinct()] };
        }

        if (node.Children.TryGetValue(new YamlScalarNode("fork"), out var forkNode))
        {
            var f = r.Mapping(forkNode, "tradeoff.fork");
            r.Keys(f, ForkKeys, "tradeoff.fork");
            double fraction = r.OptionalDouble(f, "fraction", "tradeoff.fork") ?? 0.2;
            if (!(fraction > 0 && fraction < 1)) throw r.Error(f["fraction"], "tradeoff.fork.fraction", $"must be in (0, 1), got {fraction}");
            string shape = r.OptionalString(f, "shape", "tradeoff.fork") ?? "1-sqrt";
            if (!ForkShapes.Contains(shape)) throw r.Error(f["shape"], "tradeoff.fork.shape", $"unknown shape '{shape}'; known: {string.Join(", ", ForkShapes)}");
            t = t with { ForkFraction = fraction, ForkShape = shape };
        }

        try
        {
            _ = t.Resolve(100); // the arithmetic of the layout, checked on a provisional epoch length
        }
        catch (ArgumentException e)
        {
            throw r.Error(node, where, e.Message);
        }

        return t;
    }

    private static RunClock ProvisionalClock(TaskDefinition task)
    {
        var clock = new RunClock(StepsPerEpoch: 100);
        return clock with { TotalSteps = Math.Max(1, (long)Math.Round(clock.ToSteps(task.Budget, "budget"))) };
    }

    private static TaskDefinition ReadTask(Reader r, YamlMappingNode node, bool checkDataDirectory)
    {
        r.Keys(node, TaskKeys, "task");
        // task.custom names a user's own task (a TrainingTask a program adds to its TaskCatalog); the data set and
        // model are then that program's, so the keys that describe a built-in one are refused.
        string? custom = null;
        if (node.Children.TryGetValue(new YamlScalarNode("custom"), out var customNode))
        {
            custom = r.String(customNode, "task.custom");
            if (!StudyName.IsValid(custom)) throw r.Error(customNode, "task.custom", $"'{custom}' is not a task name: {StudyName.Rule}");
            foreach (string key in new[] { "dataset", "data_dir", "train_limit", "test_limit", "validation", "normalize", "model" })
            {
                if (node.Children.ContainsKey(new YamlScalarNode(key)))
                    throw r.Error(node[key], $"task.{key}", "a custom task brings its own data and model; remove this key or task.custom");
            }
        }

        string dataset = node.Children.TryGetValue(new YamlScalarNode("dataset"), out var ds) ? r.String(ds, "task.dataset") : "fashion-mnist";
        if (!DataCatalogue.Names.Contains(dataset.ToLowerInvariant()))
            throw r.Error(ds!, "task.dataset", $"unknown data set '{dataset}'; known: {string.Join(", ", DataCatalogue.Names)}");
        var data = new DataOptions
        {
            Dataset = dataset.ToLowerInvariant(),
            DataDirectory = r.OptionalString(node, "data_dir", "task"),
            TrainLimit = r.OptionalInt(node, "train_limit", "task", min: 1),
            EvaluationLimit = r.OptionalInt(node, "test_limit", "task", min: 1),
            ValidationFraction = r.OptionalDouble(node, "validation", "task"),
            Normalize = r.OptionalBool(node, "normalize", "task") ?? true,
        };
        // Checked here, with its line, so that a study whose data cannot be found fails before anything (a store
        // file, an output folder) is made. Where the data sits inside the folder is checked when it is loaded.
        if (checkDataDirectory && data.DataDirectory is string dir && !Directory.Exists(dir))
            throw r.Error(node["data_dir"], "task.data_dir", $"'{dir}' is not a folder on this machine; give the folder that holds the data set's files");
        if (data.ValidationFraction is double v && !(v > 0 && v < 1))
            throw r.Error(node["validation"], "task.validation", $"must be a fraction in (0, 1), got {v}");

        string model;
        if (custom is not null)
        {
            var user = TaskDefinition.ForTask(custom);
            data = user.Data;
            model = user.Model;
        }
        else
        {
            var modelNode = r.Required(node, "model", "task");
            model = r.String(modelNode, "task.model");
            try
            {
                ModelZoo.Resolve(model);
            }
            catch (ArgumentException e)
            {
                throw r.Error(modelNode, "task.model", e.Message);
            }
        }

        var optimizer = new OptimizerOptions();
        if (node.Children.TryGetValue(new YamlScalarNode("optimizer"), out var opt))
        {
            if (opt is YamlScalarNode) optimizer = optimizer with { Name = r.String(opt, "task.optimizer") };
            else
            {
                var m = r.Mapping(opt, "task.optimizer");
                r.Keys(m, OptimizerKeys, "task.optimizer");
                optimizer = new OptimizerOptions
                {
                    Name = r.OptionalString(m, "name", "task.optimizer") ?? "sgd",
                    Momentum = r.OptionalDouble(m, "momentum", "task.optimizer") ?? 0.9,
                    Nesterov = r.OptionalBool(m, "nesterov", "task.optimizer") ?? false,
                    WeightDecay = r.OptionalDouble(m, "weight_decay", "task.optimizer") ?? 0,
                    Beta1 = r.OptionalDouble(m, "beta1", "task.optimizer") ?? 0.9,
                    Beta2 = r.OptionalDouble(m, "beta2", "task.optimizer") ?? 0.999,
                    Epsilon = r.OptionalDouble(m, "eps", "task.optimizer") ?? 1e-8,
                    Alpha = r.OptionalDouble(m, "alpha", "task.optimizer") ?? 0.99,
                };
            }

            try
            {
                OptimizerFactory.Validate(optimizer);
            }
            catch (ArgumentException e)
            {
                throw r.Error(opt, "task.optimizer", e.Message);
            }
        }

        int batch = r.OptionalInt(node, "batch_size", "task", min: 1) ?? 128;
        var budget = r.OptionalDuration(node, "budget", "task") ?? Duration.Epochs(4);
        if (budget.Unit == TimeUnit.FractionOfRun) throw r.Error(node["budget"], "task.budget", "must be in epochs (4ep) or steps (2000ba)");
        // An epoch is at least one step, so either unit past the trainer's limit is too long whatever the data.
        if (budget.Value > LRBench.Training.Engine.Trainer.MaxTotalSteps)
            throw r.Error(node["budget"], "task.budget", $"{budget} is more than the {LRBench.Training.Engine.Trainer.MaxTotalSteps:N0} steps a run may have");
        ComputeDevice? device = null;
        if (r.OptionalString(node, "device", "task") is string deviceText)
        {
            try
            {
                device = ComputeDevice.Parse(deviceText);
            }
            catch (ArgumentException e)
            {
                throw r.Error(node["device"], "task.device", e.Message);
            }
        }

        return new TaskDefinition
        {
            Device = device,
            Data = data,
            Model = model,
            Optimizer = optimizer,
            BatchSize = batch,
            Budget = budget,
            EvaluateEvery = r.OptionalDuration(node, "evaluate_every", "task") ?? Duration.Epochs(1),
            CheckpointEvery = r.OptionalDuration(node, "checkpoint_every", "task") ?? Duration.Epochs(1),
        };
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

    private static IEnumerable<PolicyVariant> ReadPolicies(Reader r, YamlNode node, string where, RunClock clock, bool hasRangeTest, List<BayesianSearch> searches)
    {
        if (node is YamlScalarNode)
        {
            yield return Checked(r, node, where, ParseSpec(r, node, where, r.String(node, where)), null, new Dictionary<string, string>(), clock, hasRangeTest);
            yield break;
        }

        var m = r.Mapping(node, where);
        r.Keys(m, PolicyKeys, where);
        string? label = r.OptionalString(m, "label", where);
        if (m.Children.ContainsKey(new YamlScalarNode("spec")))
        {
            if (m.Children.ContainsKey(new YamlScalarNode("policy")))
                throw r.Error(m, where, "give either spec (a whole spec) or policy with params/grid, not both");
            var spec = ParseSpec(r, m["spec"], where + ".spec", r.String(m["spec"], where + ".spec"));
            yield return Checked(r, m["spec"], where, spec, label, new Dictionary<string, string>(), clock, hasRangeTest);
            yield break;
        }

        var policyNode = r.Required(m, "policy", where);
        string policy = r.String(policyNode, where + ".policy");
        if (Policies.Registry.Find(policy) is null)
        {
            try
            {
                Policies.Registry.Get(policy); // throws with suggestions
            }
            catch (SpecException e)
            {
                throw r.Error(policyNode, where + ".policy", e.Message);
            }
        }

        // Each value is parsed once into a spec value; its text as written is kept for labels and tables.
        var fixedParams = new List<(string Key, SpecValue Value, string Text)>();
        if (m.Children.TryGetValue(new YamlScalarNode("params"), out var p))
        {
            foreach (var (k, v) in r.Mapping(p, where + ".params").Children)
            {
                string at = $"{where}.params.{k}";
                fixedParams.Add((r.String(k, where + ".params"), Value(r, v, at), SpecText(r, v, at)));
            }
        }

        var axes = new List<(string Key, List<(SpecValue Value, string Text)> Values, YamlNode Node)>();
        if (m.Children.TryGetValue(new YamlScalarNode("grid"), out var g))
        {
            foreach (var (k, v) in r.Mapping(g, where + ".grid").Children)
            {
                string key = r.String(k, where + ".grid");
                var values = r.Sequence(v, $"{where}.grid.{key}").Select((n, i) => (Value(r, n, $"{where}.grid.{key}[{i}]"), SpecText(r, n, $"{where}.grid.{key}[{i}]"))).ToList();
                if (values.Count == 0) throw r.Error(v, $"{where}.grid.{key}", "needs at least one value");
                if (fixedParams.Any(f => f.Key == key)) throw r.Error(k, $"{where}.grid.{key}", "is also in params; give it in one place");
                axes.Add((key, values, v));
            }
        }

        long size = axes.Aggregate(1L, (n, a) => Math.Min(n * a.Values.Count, MaxTrials + 1));
        if (size > MaxTrials)
            throw r.Error(g!, where + ".grid", $"has {string.Join(" x ", axes.Select(a => a.Values.Count))} points; a study may have at most {MaxTrials} trials");

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

    /// <summary>
    /// A search over a policy's parameters: <c>search: {sampler: random, trials: N, seed: S, space: {k0:
    /// {log_uniform: [a, b]}, k1: {uniform: [a, b]}, l: {choice: [...]}}}</c>. Every bad range is named with its line
    /// before anything runs. A random search's points are drawn here, once, so its trials are fixed values like a
    /// grid's; a gp search draws its first <c>initial</c> points the same way and returns itself, to propose the rest
    /// while the study runs.
    /// </summary>
    private static (IEnumerable<List<(string Key, SpecValue Value, string Text)>> Points, BayesianSearch? Bayes) ReadSearch(
        Reader r, YamlNode node, string where, HashSet<string> fixedKeys, string entry, string policy)
    {
        var m = r.Mapping(node, where);
        r.Keys(m, SearchKeys, where);
        string samplerName = r.OptionalString(m, "sampler", where) ?? "random";
        var sampler = Samplers.Find(samplerName) ?? throw r.Error(m["sampler"], where + ".sampler",
            $"unknown sampler '{samplerName}'; known: {string.Join(", ", Samplers.All.Select(s => s.Name))} (a grid is the policy entry's grid:)");

        int trials = r.OptionalInt(m, "trials", where, min: 1) ?? throw r.Error(m, where, "'trials' is required: how many points to draw");
        if (trials > MaxTrials) throw r.Error(m["trials"], where + ".trials", $"must be at most {MaxTrials}, got {trials}");
        long seed = m.Children.TryGetValue(new YamlScalarNode("seed"), out var seedNode) ? r.Long(seedNode, where + ".seed") : 0;
        var spaceNode = r.Mapping(r.Required(m, "space", where), where + ".space");
        if (spaceNode.Children.Count == 0) throw r.Error(spaceNode, where + ".space", "is empty; give at least one parameter to search");
        var space = new List<SearchDimension>();
        foreach (var (k, v) in spaceNode.Children)
        {
            string key = r.String(k, where + ".space");
            string at = $"{where}.space.{key}";
            if (fixedKeys.Contains(key)) throw r.Error(k, at, "is also in params; give it in one place");
            var d = r.Mapping(v, at);
            if (d.Children.Count != 1) throw r.Error(d, at, "needs exactly one of uniform: [low, high], log_uniform: [low, high] or choice: [values]");
            var (kindNode, valuesNode) = d.Children.First();
            string kind = r.String(kindNode, at);
            var items = r.Sequence(valuesNode, $"{at}.{kind}");
            switch (kind)
            {
                case "uniform" or "log_uniform":
                {
                    if (items.Children.Count != 2) throw r.Error(valuesNode, $"{at}.{kind}", $"is a [low, high] pair, got {items.Children.Count} values");
                    double low = r.Double(items.Children[0], $"{at}.{kind}[0]"), high = r.Double(items.Children[1], $"{at}.{kind}[1]");
                    if (!(low < high)) throw r.Error(valuesNode, $"{at}.{kind}", $"[{low}, {high}] is empty: the low bound must be below the high one");
                    bool log = kind == "log_uniform";
                    if (log && !(low > 0)) throw r.Error(valuesNode, $"{at}.{kind}", $"needs bounds > 0 (it draws the logarithm), got [{low}, {high}]");
                    space.Add(new SearchDimension(key, log ? SearchDistribution.LogUniform : SearchDistribution.Uniform, low, high, []));
                    break;
                }

                case "choice":
                {
                    var choices = items.Children.Select((n, i) => (Value(r, n, $"{at}.choice[{i}]"), SpecText(r, n, $"{at}.choice[{i}]"))).ToList();
                    if (choices.Count == 0) throw r.Error(valuesNode, $"{at}.choice", "needs at least one value");
                    space.Add(new SearchDimension(key, SearchDistribution.Choice, 0, 0, choices));
                    break;
                }

                default:
                    throw r.Error(kindNode, at, $"unknown distribution '{kind}'; known: uniform, log_uniform, choice");
            }
        }

        if (!sampler.ProposesWhileRunning)
        {
            if (m.Children.ContainsKey(new YamlScalarNode("initial"))) throw r.Error(m["initial"], where + ".initial", $"belongs to the gp sampler; a {sampler.Name} search draws all its trials at once");
            return (SearchDimension.Sample(space, trials, seed), null);
        }

        // The gp sampler models numbers: choices must be numbers.
        var parameters = new List<SearchParameter>();
        foreach (var d in space)
        {
            if (d.Distribution != SearchDistribution.Choice)
            {
                parameters.Add(new SearchParameter(d.Key, d.Distribution, d.Low, d.High, []));
                continue;
            }

            if (d.Choices.Any(c => c.Value is not NumberValue))
                throw r.Error(spaceNode, $"{where}.space.{d.Key}", "the gp sampler searches numbers; a choice of other values (durations, lists) needs sampler: random");
            parameters.Add(new SearchParameter(d.Key, SearchDistribution.Choice, 0, 0, [.. d.Choices.Select(c => ((NumberValue)c.Value).Value)]));
        }

        int initial = r.OptionalInt(m, "initial", where, min: 1) ?? Math.Min(trials, Math.Max(2, space.Count + 1));
        if (initial > trials) throw r.Error(m["initial"], where + ".initial", $"must be at most trials ({trials}), got {initial}");
        var bayes = new BayesianSearch { Id = entry, Sampler = sampler.Name, Function = policy, Space = parameters, Trials = trials, Initial = initial, Seed = seed, Line = (int)node.Start.Line };
        return (SearchDimension.Sample(space, initial, seed), bayes);
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

    /// <summary>Typed access to YAML nodes with errors that carry the file and line.</summary>
    private sealed class Reader(string source)
    {
        public StudyFileException Error(YamlNode node, string where, string problem) =>
            new($"{source}:{node.Start.Line}: {where}: {problem}");

        public void Keys(YamlMappingNode node, string[] allowed, string where)
        {
            foreach (var key in node.Children.Keys)
            {
                string k = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(k))
                    throw Error(key, where, $"unknown key '{k}'; allowed: {string.Join(", ", allowed)}");
            }
        }

        public YamlNode Required(YamlMappingNode node, string key, string where) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : throw Error(node, where, $"'{key}' is required");

        public YamlMappingNode Mapping(YamlNode node, string where) =>
            node as YamlMappingNode ?? throw Error(node, where, "must be a mapping (key: value lines)");

        public YamlSequenceNode Sequence(YamlNode node, string where) =>
            node as YamlSequenceNode ?? throw Error(node, where, "must be a list");

        public string String(YamlNode node, string where) =>
            node is YamlScalarNode { Value: { } v } ? v.Trim() : throw Error(node, where, "must be a single value");

        public double Double(YamlNode node, string where) =>
            double.TryParse(String(node, where), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                ? d : throw Error(node, where, $"must be a number, got '{String(node, where)}'");

        public long Long(YamlNode node, string where) =>
            long.TryParse(String(node, where), NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)
                ? l : throw Error(node, where, $"must be an integer, got '{String(node, where)}'");

        public string? OptionalString(YamlMappingNode m, string key, string where) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? String(v, $"{where}.{key}") : null;

        public double? OptionalDouble(YamlMappingNode m, string key, string where) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? Double(v, $"{where}.{key}") : null;

        public int? OptionalInt(YamlMappingNode m, string key, string where, int min)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            long l = Long(v, $"{where}.{key}");
            return l >= min && l <= int.MaxValue ? (int)l : throw Error(v, $"{where}.{key}", $"must be an integer >= {min}, got {l}");
        }

        public bool? OptionalBool(YamlMappingNode m, string key, string where)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            return String(v, $"{where}.{key}").ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                var s => throw Error(v, $"{where}.{key}", $"must be true or false, got '{s}'"),
            };
        }

        public Duration? OptionalDuration(YamlMappingNode m, string key, string where)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            string s = String(v, $"{where}.{key}");
            return Duration.TryParse(s, out var d) ? d : throw Error(v, $"{where}.{key}", $"'{s}' is not a positive duration; write e.g. 4ep, 2000ba or 0.5ep");
        }
    }
}
