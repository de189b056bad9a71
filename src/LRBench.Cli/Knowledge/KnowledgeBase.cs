using System.Security.Cryptography;
using System.Text.Json;
using LRBench.Cli.Invocation;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Knowledge;

/// <summary>
/// The policy knowledge base: compact read-only stores of the repository's suite and workload studies, shipped
/// beside the tool (knowledge/ next to lrbench.dll) with a manifest of their provenance. <c>lrbench recommend</c>
/// reads it by default; <c>lrbench knowledge build</c> rebuilds it (knowledge/README.md has the commands).
/// </summary>
internal static class KnowledgeBase
{
    /// <summary>The folder the tool ships it in.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "knowledge");

    public const string ManifestFile = "manifest.json";

    /// <summary>The largest manifest read (it lists a handful of files).</summary>
    private const long MaxManifestBytes = 1 << 20;

    /// <summary>
    /// The stores listed in <paramref name="directory"/>'s manifest, each checked: a plain file name inside the folder
    /// and a SHA-256 that matches. A folder without a manifest holds no knowledge; a damaged manifest or a file that
    /// does not match is bad input (exit 2), never silently used.
    /// </summary>
    public static (KnowledgeManifest Manifest, IReadOnlyList<(KnowledgeStoreEntry Entry, StoreLocation Location)> Stores)? Open(string directory)
    {
        string manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath)) return null;
        if (new FileInfo(manifestPath).Length > MaxManifestBytes)
            throw new UserInputException($"{manifestPath} is larger than {MaxManifestBytes} bytes; a knowledge manifest lists a few stores");
        KnowledgeManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<KnowledgeManifest>(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{manifestPath} is not a knowledge manifest ({e.Message}); rebuild it with lrbench knowledge build");
        }

        if (manifest?.Stores is null) throw new UserInputException($"{manifestPath} lists no stores; rebuild it with lrbench knowledge build");
        var stores = new List<(KnowledgeStoreEntry, StoreLocation)>();
        foreach (var entry in manifest.Stores)
        {
            string name = entry.File ?? "";
            if (name.Length == 0 || name != Path.GetFileName(name) || name.StartsWith('.') || !name.EndsWith(".db", StringComparison.Ordinal))
                throw new UserInputException($"{manifestPath}: '{name}' is not a store file name (a plain NAME.db inside the knowledge folder)");
            string path = Path.Combine(directory, name);
            if (!File.Exists(path)) throw new UserInputException($"{manifestPath} lists {name}, which is not in {directory}");
            if (!string.Equals(Sha256Of(path), entry.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new UserInputException($"{path} does not match its checksum in {ManifestFile}; the knowledge base was changed after it was built (rebuild it with lrbench knowledge build)");
            stores.Add((entry, StoreLocation.Sqlite(path)));
        }

        return (manifest, stores);
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
