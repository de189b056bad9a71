using System.Text.Json.Serialization;

namespace LRBench.Studies.Model.Trials;

/// <summary>
/// What a trial contributes to a tradeoff, stored with it (trials.curve) so curves can be rebuilt from the store alone.
/// </summary>
/// <param name="Curve">One of <see cref="CurveKind"/>.</param>
/// <param name="Point">The sampled duration's index for one-point runs (standard, fork); null for one-run curves.</param>
/// <param name="BudgetSteps">The run's length.</param>
/// <param name="SampleSteps">The steps that are points of the curve.</param>
/// <param name="Ensembles">Snapshot at each sample and evaluate ensembles of the last M.</param>
/// <param name="EvaluateEveryEpoch">Evaluate every epoch as well as at the samples.</param>
/// <param name="StepsPerEpoch">The epoch length the steps were resolved with.</param>
public sealed record CurveRole(
    CurveKind Curve, int? Point, long BudgetSteps, IReadOnlyList<long> SampleSteps, bool Ensembles, bool EvaluateEveryEpoch, long StepsPerEpoch)
{
    /// <summary>Keep a snapshot at every sample step (the trunk, for its forks; cyclic runs, for ensembles).</summary>
    public bool Snapshots { get; init; }

    /// <summary>For a fork: the trunk step it starts from.</summary>
    public long? StartFromStep { get; init; }

    [JsonIgnore]
    public bool KeepsSnapshots => Snapshots || Ensembles;
}
