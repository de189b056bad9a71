namespace LRBench.Architecture.Tests;

/// <summary>
/// The layers of LRBench.Studies as rules: each folder and the folders it may use. A folder not listed as usable is
/// forbidden, so a new arrow between folders is a decision written here (and drawn in docs/architecture.md, whose
/// table <see cref="LayerRulesTests"/> checks against this one).
/// </summary>
public static class LayerRules
{
    public const string Project = "LRBench.Studies";

    /// <summary>Bottom first: a folder may use only folders above it in no row, i.e. those it lists.</summary>
    public static readonly IReadOnlyList<(string Folder, string[] MayUse, string Holds)> Studies =
    [
        ("Model", [], "the trial value, the study definition (pruner, search, metric, tradeoff parts), the immutable results model"),
        ("Analysis", ["Model"], "ranking, recommendation, range test, compute accounting: functions of the model"),
        ("Tradeoff", ["Model"], "tradeoff curves, gaps and Pareto frontiers from a study's results"),
        ("Pruning", ["Model"], "IPruner and the registered pruners (ASHA, median, percentile), IPromotingPruner (ASHA by promotion), rung placement"),
        ("Search", ["Model", "Analysis", "Pruning"], "ISampler and the registered samplers (random, GP), a search's next trials"),
        ("Definition", ["Model", "Pruning", "Search"], "the study-file language and StudyBuilder: text and code to StudyDefinition"),
        ("Storage", ["Model"], "the store: its backends, the queue's writes under leases and fences, the read side"),
        ("Reports", ["Model", "Analysis", "Tradeoff"], "files: CSV, Markdown, plots, report.html"),
        ("Racing", ["Model", "Analysis", "Storage"], "racing over seeds: each round's test (paired t with Holm, F-Race) and its decisions, recorded in the store"),
        ("Running", ["Model", "Analysis", "Pruning", "Search", "Definition", "Storage", "Racing"], "planner, runner, workers: trials trained from the store"),
    ];

    /// <summary>Projects that must have no dependency cycle between their folders, and the cycles still allowed, named.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedCycles = new Dictionary<string, string[]>
    {
        ["LRBench.Schedules"] = [],
        ["LRBench.Adaptive"] = [],
        ["LRBench.Training"] = [],
        ["LRBench.Reporting"] = [],
        ["LRBench.Studies"] = [],
        ["LRBench.Cli"] = [],
    };

    /// <summary>The rules as the Markdown table docs/architecture.md shows.</summary>
    public static IReadOnlyList<string> MarkdownTable() =>
    [
        "| folder | may use | holds |",
        "|---|---|---|",
        .. Studies.Select(r => $"| {r.Folder} | {(r.MayUse.Length == 0 ? "nothing in Studies" : string.Join(", ", r.MayUse))} | {r.Holds} |"),
    ];
}
