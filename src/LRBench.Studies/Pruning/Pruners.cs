using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Pruning;

/// <summary>
/// The registration point of pruners: the study-file parser, the store's checks, the planner and the runner find a
/// pruner here by its name, so a new pruner is one file in this folder and one line below.
/// </summary>
public static class Pruners
{
    /// <summary>Every pruner, in the order error messages list them.</summary>
    public static IReadOnlyList<PrunerType> All { get; } = [AshaPruner.Type, MedianPruner.Type, PercentilePruner.Type];

    /// <summary>The pruner of that name, or null.</summary>
    public static PrunerType? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>The rule a study's pruner stands for.</summary>
    public static IPruner For(PrunerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var type = Find(definition.Name) ?? throw new ArgumentException($"unknown pruner '{definition.Name}'; known: {string.Join(", ", All.Select(p => p.Name))}", nameof(definition));
        return type.Create(definition);
    }

    /// <summary>
    /// Null when <paramref name="definition"/> names a registered pruner and carries exactly its settings, each allowed;
    /// otherwise what is wrong (the store refuses a damaged pruner with it).
    /// </summary>
    public static string? Problem(PrunerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Find(definition.Name) is not { } type) return $"'{definition.Name}' is not a pruner ({string.Join(", ", All.Select(p => p.Name))})";
        foreach (var s in type.Settings)
        {
            if (!definition.Settings.TryGetValue(s.Key, out var v)) return $"{type.Name} needs {s.Key}";
            if (!s.Allows(v)) return $"{type.Name}'s {s.Key} must be {s.Rule}, not {v}";
        }

        if (definition.Promotion && !type.Promotes) return $"{type.Name} cannot let trials wait for promotion";
        var extra = definition.Settings.Keys.FirstOrDefault(k => type.Settings.All(s => s.Key != k));
        return extra is null ? null : $"{type.Name} takes no setting '{extra}'";
    }

    /// <summary>The steps at which each evaluation after the warm-up falls, before the end: where rules judged at every evaluation judge.</summary>
    internal static IReadOnlyList<long> EvaluationSteps(long totalSteps, double minResourceSteps, double evaluationInterval)
    {
        var steps = new List<long>();
        for (long k = 1; ; k++)
        {
            long step = (long)Math.Ceiling((k * evaluationInterval) - 1e-9);
            if (step >= totalSteps) break;
            if (step >= minResourceSteps - 1e-9 && (steps.Count == 0 || step > steps[^1])) steps.Add(step);
        }

        return steps;
    }

    /// <summary>Why a rule judged at the task's evaluations has only the end to judge.</summary>
    internal static string NoEvaluationBeforeEnd(string rule, PrunerDefinition pruner, TaskDefinition task) =>
        $"{rule} judges at the task's evaluations, and the task evaluates only at the end after the warm-up (evaluate_every {task.EvaluateEvery}, min_resource {pruner.MinResource}, budget {task.Budget}): a single evaluation point leaves nothing to prune; evaluate more often";
}
