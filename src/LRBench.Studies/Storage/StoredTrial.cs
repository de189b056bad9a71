using System.Text.Json;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Storage;

/// <summary>
/// A trials row as the database returns it (Dapper fills it), checked and turned into the immutable
/// <see cref="TrialRow"/> by <see cref="ToRow"/>. Only the storage code sees it.
/// </summary>
internal sealed class StoredTrial
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
    public string Status { get; set; } = "";
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
    public string? Error { get; set; }
    public string? Machine { get; set; }
    public string? Versions { get; set; }
    public string? CheckpointDir { get; set; }
    public string? PolicyEvents { get; set; }
    public string? Curve { get; set; }
    public long? StartedFromStep { get; set; }
    public string? Trial { get; set; }
    public long? LeaseMs { get; set; }
    public int Retries { get; set; }
    public int AttemptsAtRetry { get; set; }

    /// <summary>The row as a checked, immutable value; a damaged row is named (the store is not trusted).</summary>
    /// <param name="store">The store the row was read from (<see cref="StoreLocation.Display"/>), named if the row is damaged.</param>
    public TrialRow ToRow(string store)
    {
        Trial value;
        TrialStatus status;
        try
        {
            value = TrialJson.Read(Trial ?? throw new InvalidDataException("it has no stored trial value"));
            if (value.Key != TrialKey) throw new InvalidDataException($"its value is of trial {value.Key}, not {TrialKey}");
            if (string.IsNullOrWhiteSpace(PolicySpec)) throw new InvalidDataException("it has no policy text");
            status = TrialStatusText.Parse(Status);
        }
        catch (InvalidDataException e)
        {
            throw new StoreException($"{store} is damaged: trial {Id} ({TrialKey}) {e.Message}", e);
        }

        return new TrialRow
        {
            Id = Id, StudyId = StudyId, TaskId = TaskId, Ordinal = Ordinal, Trial = value, SpecText = PolicySpec, Status = status, Attempts = Attempts, Failures = Failures,
            Worker = Worker, LeaseExpiresMs = LeaseExpiresMs, StartedAt = StartedAt, FinishedAt = FinishedAt, Steps = Steps, TotalSteps = TotalSteps,
            DivergedAtStep = DivergedAtStep, WallSeconds = WallSeconds, ComputeSeconds = ComputeSeconds, Error = Error, Machine = Machine,
            Versions = Versions, CheckpointDir = CheckpointDir, PolicyEvents = PolicyEvents, StartedFromStep = StartedFromStep,
            LeaseMs = LeaseMs, Retries = Retries, AttemptsAtRetry = AttemptsAtRetry,
        };
    }

    /// <summary>The parameters column as written by every release (a JSON object of strings).</summary>
    public Dictionary<string, string> ParameterMap() => JsonSerializer.Deserialize<Dictionary<string, string>>(Parameters) ?? [];
}
