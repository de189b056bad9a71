namespace LRBench.Studies.Storage;

/// <summary>A trial row.</summary>
public sealed class TrialRow
{
    public long Id { get; set; }

    public long StudyId { get; set; }

    public long? TaskId { get; set; }

    public string TrialKey { get; set; } = "";

    public int Ordinal { get; set; }

    public string Label { get; set; } = "";

    public string PolicyFunction { get; set; } = "";

    public string PolicySpec { get; set; } = "";

    public string Parameters { get; set; } = "{}";

    public string Method { get; set; } = "";

    public double LabelSmoothing { get; set; }

    public double Mixup { get; set; }

    public long Seed { get; set; }

    public string Status { get; set; } = TrialStatus.Pending;

    public int Attempts { get; set; }

    public int Failures { get; set; }

    public string? Worker { get; set; }

    public long? LeaseExpiresMs { get; set; }

    public string? StartedAt { get; set; }

    public string? FinishedAt { get; set; }

    public long? Steps { get; set; }

    public long? TotalSteps { get; set; }

    public long? DivergedAtStep { get; set; }

    public double? WallSeconds { get; set; }

    public double? ComputeSeconds { get; set; }

    /// <summary>The last error recorded for the trial; kept when a later attempt is claimed or completes, so a failure's reason is never lost.</summary>
    public string? Error { get; set; }

    public string? Machine { get; set; }

    public string? Versions { get; set; }

    public string? CheckpointDir { get; set; }

    /// <summary>JSON list of the decisions an adaptive policy took (AutoWU's switch); null for step-only policies.</summary>
    public string? PolicyEvents { get; set; }

    /// <summary>A tradeoff trial's curve role (JSON of <see cref="Tradeoff.CurveRole"/>); null in policy studies.</summary>
    public string? Curve { get; set; }

    /// <summary>For a fork: the trunk step its run started from.</summary>
    public long? StartedFromStep { get; set; }
}
