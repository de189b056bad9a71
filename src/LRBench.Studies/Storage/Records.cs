namespace LRBench.Studies.Storage;

/// <summary>Trial states. pending -> running -> completed | diverged | failed; an interrupted or abandoned running trial returns to pending.</summary>
public static class TrialStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Diverged = "diverged";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Diverged or Failed;
}

/// <summary>A study row.</summary>
public sealed class StudyRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Definition { get; set; } = "";

    public string? SourcePath { get; set; }

    public double? TargetAccuracy { get; set; }

    public string CreatedAt { get; set; } = "";
}

/// <summary>A task row: what was trained, with the data's shape (used to judge similarity for recommendations).</summary>
public sealed class TaskRow
{
    public long Id { get; set; }

    public string TaskKey { get; set; } = "";

    public string Dataset { get; set; } = "";

    public string Model { get; set; } = "";

    public string ModelFamily { get; set; } = "";

    public string Optimizer { get; set; } = "";

    public int BatchSize { get; set; }

    public string Budget { get; set; } = "";

    public int Channels { get; set; }

    public int Height { get; set; }

    public int Width { get; set; }

    public int Classes { get; set; }

    public int TrainSamples { get; set; }
}

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

/// <summary>An evaluation row.</summary>
public sealed class EvaluationRow
{
    public long TrialId { get; set; }

    public long Step { get; set; }

    public double Epoch { get; set; }

    public double Lr { get; set; }

    public double Top1 { get; set; }

    public double Top5 { get; set; }

    public double Ac { get; set; }

    public double Cd { get; set; }

    public double Cdac { get; set; }

    public double? TestLoss { get; set; }

    public double? TrainLoss { get; set; }

    public double BestTop1 { get; set; }

    public long BestTop1Step { get; set; }

    public double WallSeconds { get; set; }

    public double ComputeSeconds { get; set; }

    public double EvalSeconds { get; set; }

    /// <summary>LD = test loss - train loss (NaN when either is missing).</summary>
    public double LossDifference => (TestLoss ?? double.NaN) - (TrainLoss ?? double.NaN);
}

/// <summary>One sample of a trial's LR trace.</summary>
public sealed class TraceRow
{
    public long TrialId { get; set; }

    public long Step { get; set; }

    public double Lr { get; set; }

    public double? Loss { get; set; }
}

/// <summary>A trial this worker now holds, with the attempt number that fences its writes.</summary>
public sealed record TrialClaim(TrialRow Trial, int Attempt);

/// <summary>A snapshot ensemble of a trial: the last <see cref="Members"/> snapshots at <see cref="Step"/>.</summary>
public sealed class EnsembleRow
{
    public long TrialId { get; set; }

    public long Step { get; set; }

    public int Members { get; set; }

    public double Top1 { get; set; }

    public double Top5 { get; set; }

    public double? TestLoss { get; set; }
}
