using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Model.Definitions;

/// <summary>A whole study: a task, the policies to compare, training methods and seeds.</summary>
public sealed record StudyDefinition
{
    public required string Name { get; init; }

    public required TaskDefinition Task { get; init; }

    public required IReadOnlyList<PolicyVariant> Policies { get; init; }

    public IReadOnlyList<MethodSet> Methods { get; init; } = [MethodSet.Baseline];

    public IReadOnlyList<long> Seeds { get; init; } = [0];

    /// <summary>The top-1 accuracy the cost column measures time to (e.g. 0.85); null: no cost column.</summary>
    public double? TargetAccuracy { get; init; }

    /// <summary>Run a range test first and fill the policies' placeholders from it; null when the study has none.</summary>
    public StudyRangeTest? RangeTest { get; init; }

    /// <summary>True while some policy still has placeholders to fill from the range test.</summary>
    public bool NeedsRangeTest => Policies.Any(p => RangePlaceholders.Uses(p.Policy));

    /// <summary>The study with every placeholder replaced by the range test's values.</summary>
    public StudyDefinition Resolve(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return this with
        {
            Policies = [.. Policies.Select(p =>
            {
                if (!RangePlaceholders.Uses(p.Policy)) return p;
                return p with
                {
                    Policy = RangePlaceholders.Fill(p.Policy, values),
                    Label = RangePlaceholders.Substitute(p.Label, values),
                    Parameters = p.Parameters.ToDictionary(kv => kv.Key, kv => RangePlaceholders.Substitute(kv.Value, values)),
                };
            })],
        };
    }

    /// <summary>
    /// The study as canonical JSON, for a study built in code (<see cref="Definition.StudyBuilder"/>): stored with it in place of
    /// a file's text, so that submitting the same study again finds it, and a changed one under the same name is refused.
    /// </summary>
    public string CanonicalText()
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(new
        {
            name = Name,
            task = Task.Key,
            evaluate_every = Task.EvaluateEvery.ToString(),
            policies = Policies.Select(p => new { label = p.Label, spec = p.SpecText }),
            methods = Methods.Select(m => new { name = m.Name, label_smoothing = m.LabelSmoothing, mixup = m.MixupAlpha }),
            seeds = Seeds,
            target_accuracy = TargetAccuracy,
            range_test = RangeTest,
        })!.AsObject();
        // Added only when set, so that studies built before pruners keep their text (and are found again).
        if (Pruner is not null) node["pruner"] = System.Text.Json.JsonSerializer.SerializeToNode(Pruner);
        if (Racer is not null) node["racer"] = System.Text.Json.JsonSerializer.SerializeToNode(Racer);
        if (Searches.Count > 0) node["searches"] = System.Text.Json.JsonSerializer.SerializeToNode(Searches);
        return node.ToJsonString();
    }

    /// <summary>Bayesian searches: their first settings are among <see cref="Policies"/>; the rest are proposed while the study runs.</summary>
    public IReadOnlyList<BayesianSearch> Searches { get; init; } = [];

    /// <summary>Stops trials early (ASHA or the median rule); null runs every trial to its budget.</summary>
    public PrunerDefinition? Pruner { get; init; }

    /// <summary>Races the settings over the seeds (stops giving seeds to the significantly worse); null runs every seed of every setting.</summary>
    public RacerDefinition? Racer { get; init; }

    /// <summary>The file the study came from, if any (for messages and for where its outputs go).</summary>
    public string? SourcePath { get; init; }

    /// <summary>A tradeoff study (seed 000) instead of a list of policies; its curves become the policies once the epoch length is known.</summary>
    public TradeoffDefinition? Tradeoff { get; init; }

    /// <summary>True for a tradeoff study whose curves are not laid out in steps yet (see <see cref="ForEpochLength"/>).</summary>
    public bool NeedsEpochLength => Tradeoff is not null && Policies.Count == 0;

    /// <summary>A tradeoff study with its curves as policies, every duration in steps of this epoch length; other studies as they are.</summary>
    public StudyDefinition ForEpochLength(long stepsPerEpoch) =>
        NeedsEpochLength ? this with { Policies = Tradeoff!.Variants(stepsPerEpoch) } : this;

    /// <summary>
    /// Every trial, in a fixed order: policy, then method, then seed (a tradeoff study: seed, then curve, then method).
    /// Only for a study whose placeholders are filled and whose curves are laid out (<see cref="Resolve"/>, <see cref="ForEpochLength"/>).
    /// </summary>
    public IReadOnlyList<Trial> Trials()
    {
        if (NeedsEpochLength) throw new InvalidOperationException($"study {Name}: a tradeoff study's trials are known only once its data is loaded (ForEpochLength)");
        if (NeedsRangeTest) throw new InvalidOperationException($"study {Name}: its policies take values from a range test that has not run yet (Resolve)");
        // A tradeoff study queues seed by seed, so a study stopped half-way has whole curves to compare, not half of each.
        return Tradeoff is null
            ? [.. from p in Policies from m in Methods from s in Seeds select TrialOf(p, m, s)]
            : [.. from s in Seeds from p in Policies from m in Methods select TrialOf(p, m, s)];
    }

    /// <summary>
    /// One trial. The data options stay the task's for every seed: all trials of a study train and evaluate on the same
    /// images; the seed varies weights, order and mixup.
    /// </summary>
    private Trial TrialOf(PolicyVariant policy, MethodSet method, long seed)
    {
        var training = Trial.WithCurve(Task.Options(policy.Policy, method, seed), policy.Curve);
        if (policy.Optimizer is { } own) training = training with { Optimizer = own };
        return new Trial
        {
            Key = Trial.KeyOf(policy.Policy, method, seed, policy.Curve, policy.Optimizer),
            OwnOptimizer = policy.Optimizer is not null,
            Label = policy.Label,
            Function = policy.Function,
            Parameters = policy.Parameters,
            Method = method,
            Training = training,
            Curve = policy.Curve,
            TrunkKey = policy.StartFrom is { } trunk ? Trial.KeyOf(trunk.Policy, method, seed, trunk.Curve) : null,
            SearchId = policy.SearchId,
        };
    }
}
