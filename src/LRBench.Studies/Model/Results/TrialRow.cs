using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Model.Results;

/// <summary>
/// A trial as stored: its immutable value (<see cref="Trial"/>, what to train) and where it is in its life (status,
/// attempts, lease, results). Read from the store, never changed in place.
/// </summary>
public sealed record TrialRow
{
    public long Id { get; init; }

    public long StudyId { get; init; }

    public long? TaskId { get; init; }

    /// <summary>Its position in the study's queue.</summary>
    public int Ordinal { get; init; }

    /// <summary>What the trial trains: the one source for its policy, method, seed and curve.</summary>
    public required Trial Trial { get; init; }

    public TrialStatus Status { get; init; } = TrialStatus.Pending;

    public int Attempts { get; init; }

    public int Failures { get; init; }

    public string? Worker { get; init; }

    public long? LeaseExpiresMs { get; init; }

    public string? StartedAt { get; init; }

    public string? FinishedAt { get; init; }

    public long? Steps { get; init; }

    public long? TotalSteps { get; init; }

    public long? DivergedAtStep { get; init; }

    public double? WallSeconds { get; init; }

    public double? ComputeSeconds { get; init; }

    /// <summary>The last error recorded for the trial; kept when a later attempt is claimed or completes, so a failure's reason is never lost.</summary>
    public string? Error { get; init; }

    public string? Machine { get; init; }

    public string? Versions { get; init; }

    public string? CheckpointDir { get; init; }

    /// <summary>JSON list of the decisions an adaptive policy took (AutoWU's switch); null for step-only policies.</summary>
    public string? PolicyEvents { get; init; }

    /// <summary>For a fork: the trunk step its run started from.</summary>
    public long? StartedFromStep { get; init; }

    /// <summary>The lease length, in milliseconds, of the claim that holds the trial now (a lease reaching beyond it is damage); null when none does.</summary>
    public long? LeaseMs { get; init; }

    /// <summary>How many times the trial was retried on purpose after it failed (<c>lrbench study retry</c>).</summary>
    public int Retries { get; init; }

    /// <summary>The attempt number when it was last retried: abandonments are counted from there.</summary>
    public int AttemptsAtRetry { get; init; }

    /// <summary>
    /// The policy as canonical one-line text: for rows read from a store, the text written once when the trial was
    /// registered (tables and grouping read it and never format the policy again); for a row made in memory, the
    /// policy formatted now.
    /// </summary>
    public string SpecText
    {
        get => _specText ?? SpecFormatter.ToText(Trial.Policy);
        init => _specText = value;
    }

    private readonly string? _specText;

    /// <summary>The trial's key (its identity in the study and its checkpoint folder's name).</summary>
    public string TrialKey => Trial.Key;

    /// <summary>The trial's display name.</summary>
    public string Label => Trial.Label;

    /// <summary>The name of its method set.</summary>
    public string Method => Trial.Method.Name;

    /// <summary>Its seed.</summary>
    public long Seed => Trial.Seed;

    /// <summary>Its role in a tradeoff curve; null in a study of policies.</summary>
    public CurveRole? Curve => Trial.Curve;
}
