using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Pruning;

/// <summary>
/// One kind of pruner as the registry (<see cref="Pruners"/>) knows it: its study-file name, its settings, and how a
/// study's definition becomes the rule.
/// </summary>
/// <param name="Name">The name in study files and in the store (asha).</param>
/// <param name="Settings">The settings it takes besides the common ones (min_resource, paired, seed, fair, promotion).</param>
/// <param name="MinResourceRequired">True when min_resource must be given (ASHA's first rung); otherwise it defaults to 0.</param>
/// <param name="Create">The rule for a study's definition (its settings checked and filled in).</param>
/// <param name="NoRungProblem">Why a study's task leaves this pruner nothing to judge before the end, and what to change.</param>
/// <param name="Promotes">True when its rule can let trials wait at a rung for promotion (it is an <see cref="IPromotingPruner"/>).</param>
public sealed record PrunerType(
    string Name,
    IReadOnlyList<PrunerSetting> Settings,
    bool MinResourceRequired,
    Func<PrunerDefinition, IPruner> Create,
    Func<PrunerDefinition, TaskDefinition, string> NoRungProblem,
    bool Promotes = false);
