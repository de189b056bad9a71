using System.Globalization;
using LRBench.Studies.Model.Definitions;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: the <c>racer:</c> section (racing over seeds).</summary>
public static partial class StudyParser
{
    /// <summary><c>racer: {first_seeds: 2, test: t-holm, alpha: 0.05}</c>; every key optional (<c>racer: {}</c> takes the defaults).</summary>
    private static RacerDefinition ReadRacer(Reader r, YamlNode node, IReadOnlyList<long> seeds)
    {
        const string where = "racer";
        var m = node is YamlScalarNode { Value: "true" or "yes" } ? new YamlMappingNode() : r.Mapping(node, where);
        r.Keys(m, ["first_seeds", "test", "alpha"], where);
        var racer = new RacerDefinition { Line = (int)node.Start.Line, Seeds = [.. seeds] };
        if (seeds.Count < 2) throw r.Error(node, where, $"needs at least 2 seeds to race over; the study has {seeds.Count} (seeds: [0, 1, 2, ...])");
        if (m.Children.TryGetValue(new YamlScalarNode("first_seeds"), out var first))
        {
            long k = r.Long(first, where + ".first_seeds");
            if (k < 1 || k >= seeds.Count)
                throw r.Error(first, where + ".first_seeds", $"must be from 1 to {seeds.Count - 1} (fewer than the study's {seeds.Count} seeds, or there is nothing to race), got {k}");
            racer = racer with { FirstSeeds = (int)k };
        }
        else if (seeds.Count == 2)
        {
            racer = racer with { FirstSeeds = 1 };
        }

        if (m.Children.TryGetValue(new YamlScalarNode("test"), out var test))
        {
            string name = r.String(test, where + ".test");
            if (!RacerDefinition.Tests.Contains(name))
                throw r.Error(test, where + ".test", $"unknown test '{name}'; known: {string.Join(", ", RacerDefinition.Tests)}");
            racer = racer with { Test = name };
        }

        if (m.Children.TryGetValue(new YamlScalarNode("alpha"), out var alpha))
        {
            double a = r.Double(alpha, where + ".alpha");
            if (!(a > 0 && a < 0.5)) throw r.Error(alpha, where + ".alpha", $"must be above 0 and below 0.5, got {a.ToString(CultureInfo.InvariantCulture)}");
            racer = racer with { Alpha = a };
        }

        return racer;
    }
}
