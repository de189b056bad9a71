using System.Text.Json.Serialization;

namespace LRBench.Cli.Knowledge;

/// <summary>
/// knowledge/manifest.json: what the policy knowledge base holds and where it came from. Read back, it is checked
/// like any input (<see cref="KnowledgeBase.Open"/>): plain file names inside the folder, checksums that match.
/// </summary>
internal sealed record KnowledgeManifest
{
    [JsonPropertyName("built_at")]
    public string BuiltAt { get; init; } = "";

    [JsonPropertyName("lrbench")]
    public string Lrbench { get; init; } = "";

    /// <summary>The command that rebuilt it, with the sources as given.</summary>
    [JsonPropertyName("command")]
    public string Command { get; init; } = "";

    [JsonPropertyName("stores")]
    public IReadOnlyList<KnowledgeStoreEntry> Stores { get; init; } = [];
}

/// <summary>One compact store of the knowledge base, with its provenance.</summary>
internal sealed record KnowledgeStoreEntry
{
    /// <summary>The file in the knowledge folder (a plain name).</summary>
    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    /// <summary>The store it was compacted from, as given to <c>lrbench knowledge build</c>.</summary>
    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonPropertyName("sha256")]
    public string Sha256 { get; init; } = "";

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    [JsonPropertyName("studies")]
    public IReadOnlyList<string> Studies { get; init; } = [];

    [JsonPropertyName("finished_trials")]
    public int FinishedTrials { get; init; }
}
