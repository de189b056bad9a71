namespace LRBench.Schedules.Specs;

/// <summary>What a JSON spec says besides the policy: the run length a golden case was recorded over.</summary>
public sealed record SpecDocument(PolicySpec Policy, long? Steps)
{
    /// <summary>A golden case's <c>params.steps_per_epoch</c>: the clock's epoch length (timm's t_in_epochs=True); null: unknown.</summary>
    public long? StepsPerEpoch { get; init; }
}
