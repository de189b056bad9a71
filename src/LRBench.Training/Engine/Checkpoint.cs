using System.Text.Json;
using static TorchSharp.torch;

namespace LRBench.Training.Engine;

/// <summary>
/// Checkpoint files: <c>model.bin</c>, <c>optimizer.bin</c> and <c>state.json</c> in <c>DIR/checkpoint</c>. A new
/// checkpoint is written to <c>checkpoint.tmp</c> and then swapped in by renames, so a crash at any moment leaves
/// either the old or the new checkpoint whole (a leftover <c>checkpoint.old</c> is used when the swap was cut short).
/// </summary>
internal static class Checkpoint
{
    // NaN is data: a task that is not classification has no top-1 (and a run evaluated at step 0 no training loss yet).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private const string CurrentName = "checkpoint", OldName = "checkpoint.old", TemporaryName = "checkpoint.tmp";

    /// <summary>The folders a checkpoint lives in and swaps through, inside a run's checkpoint directory.</summary>
    public static readonly IReadOnlyList<string> FolderNames = [CurrentName, OldName, TemporaryName];

    public static string Current(string dir) => Path.Combine(dir, CurrentName);

    public static bool Exists(string dir) => Find(dir) is not null;

    /// <summary>
    /// Writes a checkpoint. A schedule-free optimizer's parameters are saved at the average x (its authors' rule: x is
    /// what the run has learned, and what a user loading the model wants) and put back to y after.
    /// </summary>
    public static void Save(string dir, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, CheckpointState state)
    {
        if (optimizer is Optimization.ScheduleFreeOptimizer { IsTraining: true } scheduleFree)
        {
            scheduleFree.eval();
            try
            {
                Save(dir, model, optimizer, state);
            }
            finally
            {
                scheduleFree.train();
            }

            return;
        }

        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, TemporaryName);
        string old = Path.Combine(dir, OldName);
        string current = Current(dir);
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        model.save(Path.Combine(tmp, "model.bin"));
        optimizer.save_state_dict(Path.Combine(tmp, "optimizer.bin"));
        state = state with { ModelSha256 = Sha256(Path.Combine(tmp, "model.bin")), OptimizerSha256 = Sha256(Path.Combine(tmp, "optimizer.bin")) };
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
        string modelFile = Path.Combine(where, "model.bin"), optimizerFile = Path.Combine(where, "optimizer.bin");
        Verify(modelFile, state.ModelSha256);
        Verify(optimizerFile, state.OptimizerSha256);
        Restore(modelFile, () => model.load(modelFile));
        Restore(optimizerFile, () => optimizer.load_state_dict(optimizerFile));
        // Saved at the average x, in eval mode: training continues from y, which x and z give back exactly as the
        // uninterrupted run computed it after its own save.
        if (optimizer is Optimization.ScheduleFreeOptimizer { IsTraining: false } scheduleFree) scheduleFree.train();
        return state;
    }

    /// <summary>The file's SHA-256, as lowercase hex.</summary>
    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private static void Verify(string path, string? expected)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing from the checkpoint; {StartOver}");
        if (expected is not null && !string.Equals(Sha256(path), expected, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path} does not match the checksum in state.json (damaged, or from another run); {StartOver}");
    }

    /// <summary>Loads a file into a model or optimizer; whatever TorchSharp throws on a file it cannot read names the file.</summary>
    private static void Restore(string path, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path} cannot be loaded ({e.Message.ReplaceLineEndings(" ")}); {StartOver}", e);
        }
    }

    /// <summary>What the user can do about a checkpoint that cannot be used.</summary>
    internal const string StartOver = "start over (delete the checkpoint directory, or train with resume: false) or train into another checkpoint directory";

    public static CheckpointState ReadState(string checkpointDirectory)
    {
        string path = Path.Combine(checkpointDirectory, "state.json");
        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable checkpoint state ({e.Message})", e);
        }

        if (state is null) throw new InvalidDataException($"{path} is empty");
        if (state.Version is not (3 or CheckpointState.CurrentVersion))
            throw new InvalidDataException($"{path} has checkpoint version {state.Version}; this build reads versions 3 and {CheckpointState.CurrentVersion}");
        if (state.Driver is null || state.Progress is null || state.Fingerprint is null)
            throw new InvalidDataException($"{path} lacks the driver, progress or options of the run; {StartOver}");
        var p = state.Progress;
        if (p.Step < 0 || state.Driver.Step != p.Step || p.Evaluations is null || p.Trace is null || p.Ensembles is null
            || p.Evaluations.Any(e => e is null || e.Step > p.Step || e.Step < 0) || !(p.LossCount >= 0) || !double.IsFinite(p.WallSeconds))
        {
            throw new InvalidDataException($"{path} holds an impossible run state (step {p.Step}, driver at {state.Driver.Step}); {StartOver}");
        }

        return state;
    }

    /// <summary>The folder of the checkpoint a resume would use: the current one, or the old one a cut-short swap left.</summary>
    public static string? Find(string dir)
    {
        foreach (string candidate in new[] { Current(dir), Path.Combine(dir, OldName) })
        {
            if (File.Exists(Path.Combine(candidate, "state.json"))) return candidate;
        }

        return null;
    }
}
