using System.Text.Json;
using LRBench.Training.Driving;
using LRBench.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>Where a run is and what it has measured so far: the trainer's working state, saved as is in checkpoints.</summary>
internal sealed class RunProgress
{
    public long Step { get; set; }

    /// <summary>Sum and count of the training losses since the last evaluation (for the next evaluation's train loss).</summary>
    public double LossSum { get; set; }

    public long LossCount { get; set; }

    /// <summary>Wall seconds of earlier sessions (updated when a checkpoint is written).</summary>
    public double WallSeconds { get; set; }

    public double ComputeSeconds { get; set; }

    public double EvaluationSeconds { get; set; }

    public List<EvaluationPoint> Evaluations { get; set; } = [];

    public List<TracePoint> Trace { get; set; } = [];

    public List<EnsemblePoint> Ensembles { get; set; } = [];

    /// <summary>The snapshot step this run was started from (<see cref="TrainingOptions.StartFrom"/>), or null.</summary>
    public long? StartedFromStep { get; set; }
}

/// <summary>The non-tensor part of a checkpoint.</summary>
internal sealed record CheckpointState
{
    /// <summary>3: SGD, Adam, AdamW and RMSprop state is our optimizers' (no longer TorchSharp's); ResNet batch norm keeps no batch count.</summary>
    public const int CurrentVersion = 3;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The options that produced the run (minus where checkpoints go and thread count), as JSON; a resume must match.</summary>
    public required string Fingerprint { get; init; }

    public required PolicyDriverState Driver { get; init; }

    public required RunProgress Progress { get; init; }
}

/// <summary>
/// Checkpoint files: <c>model.bin</c>, <c>optimizer.bin</c> and <c>state.json</c> in <c>DIR/checkpoint</c>. A new
/// checkpoint is written to <c>checkpoint.tmp</c> and then swapped in by renames, so a crash at any moment leaves
/// either the old or the new checkpoint whole (a leftover <c>checkpoint.old</c> is used when the swap was cut short).
/// </summary>
internal static class Checkpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Current(string dir) => Path.Combine(dir, "checkpoint");

    public static bool Exists(string dir) => Find(dir) is not null;

    public static void Save(string dir, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, CheckpointState state)
    {
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "checkpoint.tmp");
        string old = Path.Combine(dir, "checkpoint.old");
        string current = Current(dir);
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        model.save(Path.Combine(tmp, "model.bin"));
        optimizer.save_state_dict(Path.Combine(tmp, "optimizer.bin"));
        File.WriteAllText(Path.Combine(tmp, "state.json"), JsonSerializer.Serialize(state, Json));
        if (Directory.Exists(current))
        {
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            Directory.Move(current, old);
        }

        Directory.Move(tmp, current);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    public static CheckpointState Load(string dir, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        string where = Find(dir) ?? throw new FileNotFoundException($"no checkpoint in {dir} to resume from");
        var state = ReadState(where);
        model.load(Path.Combine(where, "model.bin"));
        optimizer.load_state_dict(Path.Combine(where, "optimizer.bin"));
        return state;
    }

    public static CheckpointState ReadState(string checkpointDirectory)
    {
        string path = Path.Combine(checkpointDirectory, "state.json");
        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable checkpoint state ({e.Message})", e);
        }

        if (state is null) throw new InvalidDataException($"{path} is empty");
        if (state.Version != CheckpointState.CurrentVersion)
            throw new InvalidDataException($"{path} has checkpoint version {state.Version}; this build reads version {CheckpointState.CurrentVersion}");
        return state;
    }

    private static string? Find(string dir)
    {
        foreach (string candidate in new[] { Current(dir), Path.Combine(dir, "checkpoint.old") })
        {
            if (File.Exists(Path.Combine(candidate, "state.json"))) return candidate;
        }

        return null;
    }
}
