using System.Globalization;
using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: typed access to the YAML nodes, with errors that carry the file and line.</summary>
public static partial class StudyParser
{
    /// <summary>Typed access to YAML nodes with errors that carry the file and line.</summary>
    private sealed class Reader(string source)
    {
        public StudyFileException Error(YamlNode node, string where, string problem) =>
            new($"{source}:{node.Start.Line}: {where}: {problem}");

        public void Keys(YamlMappingNode node, string[] allowed, string where)
        {
            foreach (var key in node.Children.Keys)
            {
                string k = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(k))
                    throw Error(key, where, $"unknown key '{k}'; allowed: {string.Join(", ", allowed)}");
            }
        }

        public YamlNode Required(YamlMappingNode node, string key, string where) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : throw Error(node, where, $"'{key}' is required");

        public YamlMappingNode Mapping(YamlNode node, string where) =>
            node as YamlMappingNode ?? throw Error(node, where, "must be a mapping (key: value lines)");

        public YamlSequenceNode Sequence(YamlNode node, string where) =>
            node as YamlSequenceNode ?? throw Error(node, where, "must be a list");

        public string String(YamlNode node, string where) =>
            node is YamlScalarNode { Value: { } v } ? v.Trim() : throw Error(node, where, "must be a single value");

        public double Double(YamlNode node, string where) =>
            double.TryParse(String(node, where), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                ? d : throw Error(node, where, $"must be a number, got '{String(node, where)}'");

        public long Long(YamlNode node, string where) =>
            long.TryParse(String(node, where), NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)
                ? l : throw Error(node, where, $"must be an integer, got '{String(node, where)}'");

        public string? OptionalString(YamlMappingNode m, string key, string where) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? String(v, $"{where}.{key}") : null;

        public double? OptionalDouble(YamlMappingNode m, string key, string where) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? Double(v, $"{where}.{key}") : null;

        public int? OptionalInt(YamlMappingNode m, string key, string where, int min)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            long l = Long(v, $"{where}.{key}");
            return l >= min && l <= int.MaxValue ? (int)l : throw Error(v, $"{where}.{key}", $"must be an integer >= {min}, got {l}");
        }

        public bool? OptionalBool(YamlMappingNode m, string key, string where)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            return String(v, $"{where}.{key}").ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                var s => throw Error(v, $"{where}.{key}", $"must be true or false, got '{s}'"),
            };
        }

        public Duration? OptionalDuration(YamlMappingNode m, string key, string where)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            string s = String(v, $"{where}.{key}");
            return Duration.TryParse(s, out var d) ? d : throw Error(v, $"{where}.{key}", $"'{s}' is not a positive duration; write e.g. 4ep, 2000ba or 0.5ep");
        }
    }
}
