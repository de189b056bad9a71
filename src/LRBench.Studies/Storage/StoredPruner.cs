using System.Text.Json;
using System.Text.Json.Nodes;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Storage;

/// <summary>
/// A study's pruner as the studies row keeps it (JSON). Stores of schema 7 to 9 wrote the two pruners they knew as
/// <c>{"Kind": "Asha", "ReductionFactor": 3, "MinTrials": 3, ...}</c>; later ones write the registered name and its own
/// settings, <c>{"Name": "asha", "Settings": {"reduction_factor": 3}, ...}</c>. Both read into the same definition.
/// Whether the name is a registered pruner and its settings are allowed is checked above the store, where pruners are known.
/// </summary>
internal static class StoredPruner
{
    public static string Write(PrunerDefinition pruner) => JsonSerializer.Serialize(pruner);

    /// <summary>The definition, or the reason the JSON is not one.</summary>
    public static PrunerDefinition Read(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("it is not an object");
        if (node["Kind"] is JsonValue kind)
        {
            string name = kind.GetValue<string>().ToLowerInvariant();
            var settings = name == "asha"
                ? new Dictionary<string, double> { ["reduction_factor"] = node["ReductionFactor"]?.GetValue<double>() ?? 3 }
                : new Dictionary<string, double> { ["min_trials"] = node["MinTrials"]?.GetValue<double>() ?? 3 };
            node.Remove("Kind");
            node.Remove("ReductionFactor");
            node.Remove("MinTrials");
            node["Name"] = name;
            node["Settings"] = JsonSerializer.SerializeToNode(settings);
        }

        var pruner = node.Deserialize<PrunerDefinition>() ?? throw new JsonException("it is null");
        if (string.IsNullOrEmpty(pruner.Name) || pruner.Name.Length > 40 || pruner.Name.Any(c => !char.IsAsciiLetterLower(c) && c != '_'))
            throw new JsonException("its name is not a pruner's name (lower-case letters)");
        if (pruner.Settings is null || pruner.Settings.Values.Any(v => !double.IsFinite(v)))
            throw new JsonException("its settings are not finite numbers");
        if (!(pruner.MinResource.Value >= 0)) throw new JsonException("its min_resource is not a duration >= 0");
        return pruner;
    }
}
