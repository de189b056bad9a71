namespace LRBench.Cli.Tests;

/// <summary>What the kill tests read from a trial's folder while its worker runs.</summary>
internal static class TrialFolders
{
    /// <summary>The step of the checkpoint in a trial's folder, or null while there is none (or it is being replaced).</summary>
    public static long? CheckpointStep(string trialDirectory)
    {
        string state = Path.Combine(trialDirectory, "checkpoint", "state.json");
        try
        {
            if (!File.Exists(state)) return null;
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(state));
            return json.RootElement.GetProperty("Progress").GetProperty("Step").GetInt64();
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
