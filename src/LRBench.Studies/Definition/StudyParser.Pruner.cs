using System.Globalization;
using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Pruning;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: the <c>pruner:</c> section: a registered pruner and its settings.</summary>
public static partial class StudyParser
{
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
            Fair = ReadFairRungs(r, m, task.Budget),
            Promotion = ReadPromotion(r, m, type),
            Line = (int)node.Start.Line,
        };

        // Checked on a provisional clock when the durations share a unit (the usual case); the planner checks again
        // on the data's real epoch length before anything is registered.
        var units = new[] { task.Budget.Unit, task.EvaluateEvery.Unit, min.Unit }.Where(u => u != TimeUnit.FractionOfRun).Distinct().Count();
        if (units == 1 && Pruning.RungPlanner.RungSteps(pruner, ProvisionalClock(task), ProvisionalClock(task).ToSteps(task.EvaluateEvery, "evaluate_every")).Count == 0)
            throw r.Error(node, where, NoRungProblem(pruner, task));
        return pruner;
    }

    private static readonly string[] CommonPrunerKeys = ["name", "min_resource", "paired", "seed", "fair", "promotion"];

    /// <summary><c>promotion: true</c>, for pruners that can let trials wait at a rung (ASHA).</summary>
    private static bool ReadPromotion(Reader r, YamlMappingNode m, PrunerType type)
    {
        bool promotion = r.OptionalBool(m, "promotion", "pruner") ?? false;
        if (promotion && !type.Promotes)
            throw r.Error(m[new YamlScalarNode("promotion")], "pruner.promotion", $"{type.Name} judges every trial where it is; trials wait for promotion only under {string.Join(", ", Pruners.All.Where(p => p.Promotes).Select(p => p.Name))}");

        return promotion;
    }

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

    private static FairRungs? ReadFairRungs(Reader r, YamlMappingNode m, Duration budget)
    {
        const string where = "pruner";
        if (!m.Children.TryGetValue(new YamlScalarNode("fair"), out var fairNode)) return null;
        if (fairNode is YamlScalarNode { Value: "false" or "no" }) return null;
        var f = fairNode is YamlScalarNode { Value: "true" or "yes" } ? new YamlMappingNode() : r.Mapping(fairNode, where + ".fair");
        r.Keys(f, ["anneal"], where + ".fair");
        var anneal = r.OptionalDuration(f, "anneal", where + ".fair") ?? Duration.Epochs(0.1);
        if (anneal.Unit == TimeUnit.FractionOfRun) throw r.Error(f["anneal"], where + ".fair.anneal", "must be in epochs (0.1ep) or steps (50ba)");
        // Longer than the whole budget (in the same unit) is refused here, with its line; across units, when the study is planned.
        if (budget.Unit == anneal.Unit && anneal.Value > budget.Value)
            throw r.Error(f["anneal"], where + ".fair.anneal", $"{anneal} is longer than the whole budget ({budget}); an anneal probe is a short decay (default 0.1ep)");
        return new FairRungs { Anneal = anneal };
    }

    /// <summary>Why a pruner has nothing to judge before the end of the budget, and what to change.</summary>
    internal static string NoRungProblem(PrunerDefinition pruner, TaskDefinition task) =>
        Pruners.Find(pruner.Name) is { } type ? type.NoRungProblem(pruner, task) : $"unknown pruner '{pruner.Name}'";
}
