using System.Globalization;
using LRBench.Studies.Model.Definitions;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: the <c>racer:</c> section (racing over seeds).</summary>
public static partial class StudyParser
{
    /// <summary>
    /// <c>racer: {first_seeds: 2, test: t-holm, alpha: 0.05, screen: every-rung, max_compute: 1}</c>; every key
    /// optional (<c>racer: {}</c> takes the defaults). <paramref name="pruner"/> is the study's (a screen needs one).
    /// </summary>
    private static RacerDefinition ReadRacer(Reader r, YamlNode node, IReadOnlyList<long> seeds, PrunerDefinition? pruner)
    {
        const string where = "racer";
        var m = node is YamlScalarNode { Value: "true" or "yes" } ? new YamlMappingNode() : r.Mapping(node, where);
        r.Keys(m, ["first_seeds", "test", "alpha", "screen", "max_compute"], where);
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

        if (m.Children.TryGetValue(new YamlScalarNode("screen"), out var screen))
        {
            string name = r.String(screen, where + ".screen");
            if (!RacerDefinition.Screens.Contains(name))
                throw r.Error(screen, where + ".screen", $"unknown screen '{name}'; known: {string.Join(", ", RacerDefinition.Screens)}");
            if (name == "first-rung" && pruner is null)
                throw r.Error(screen, where + ".screen", "first-rung screens with the study's pruner, and the study has none (add pruner: {name: asha, min_resource: ...})");
            racer = racer with { Screen = name };
        }

        if (m.Children.TryGetValue(new YamlScalarNode("max_compute"), out var max))
        {
            double share = r.Double(max, where + ".max_compute");
            if (!(share > 0 && share <= 1))
                throw r.Error(max, where + ".max_compute", $"is a share of the whole study (every seed of every setting), above 0 and at most 1, got {share.ToString(CultureInfo.InvariantCulture)}");
            racer = racer with { MaxCompute = share };
        }

        return racer;
    }
}
