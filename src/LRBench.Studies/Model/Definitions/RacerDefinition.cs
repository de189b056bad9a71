using System.Text.Json.Serialization;

namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// Racing over seeds (<c>racer:</c> in a study file), after F-Race and irace: every setting runs the study's first
/// <see cref="FirstSeeds"/> seeds; after each round, the settings significantly worse than the best stop receiving
/// seeds, and the survivors run the next seed of the study's list. The race ends when one setting is left or the
/// seeds are spent. Stored with the study, so that every worker races by the same rule.
/// </summary>
public sealed record RacerDefinition
{
    /// <summary>The tests a race can use, by their study-file names.</summary>
    public static readonly IReadOnlyList<string> Tests = ["t-holm", "friedman"];

    /// <summary>The pruner's part in a race (<see cref="Screen"/>), by their study-file names.</summary>
    public static readonly IReadOnlyList<string> Screens = ["every-rung", "first-rung"];

    /// <summary>Seeds every setting runs before the first test (at least 1; a test needs 2 seeds, so with 1 only pruned or diverged settings leave after the first round).</summary>
    public int FirstSeeds { get; init; } = 2;

    /// <summary>
    /// <c>t-holm</c>: a paired t-test of each setting against the best over their common seeds, Holm-corrected (the
    /// rankings' test). <c>friedman</c>: F-Race's test, Friedman's test over the seeds as blocks and, when it rejects,
    /// Conover's pairwise comparison of each setting's rank sum with the best's.
    /// </summary>
    public string Test { get; init; } = "t-holm";

    /// <summary>The study's seeds in the order the race gives them out: the first <see cref="FirstSeeds"/> to every setting, then one per round to the survivors.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [];

    /// <summary>
    /// How the study's pruner works inside the race. <c>every-rung</c>: at every rung of every round, among the trials
    /// of one seed (a setting the pruner stops leaves the race). <c>first-rung</c>: only at its first rung, and only in
    /// the first round: a cheap screen of every setting, after which the settings it lets through finish their first
    /// seeds and run the later seeds unpruned, so that the test over seeds, not a single seed's later rungs, decides
    /// among them.
    /// </summary>
    public string Screen { get; init; } = "every-rung";

    /// <summary>True when the pruner screens the first round at its first rung only (<see cref="Screen"/>).</summary>
    [JsonIgnore]
    public bool ScreensFirstRungOnly => Screen == "first-rung";

    /// <summary>
    /// The race's compute budget, as a share of the whole study (every seed of every setting): no round is started
    /// that would take the compute used past it; the settings still in the race then are its finalists. 1 (the
    /// default) is no budget beyond the seeds.
    /// </summary>
    public double MaxCompute { get; init; } = 1;

    /// <summary>The level of the test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The study file's line (for errors found once the data is loaded).</summary>
    [JsonIgnore]
    public int Line { get; init; }
}
