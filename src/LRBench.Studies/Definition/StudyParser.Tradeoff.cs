using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: the <c>tradeoff:</c> section of a tradeoff study.</summary>
public static partial class StudyParser
{
    private static readonly string[] TradeoffKeys =
        ["peak_lr", "warmup", "first_period", "factor", "points", "min_lr", "curves", "evaluate_every_epoch", "peak_decay", "fork", "ensembles"];

    private static readonly string[] ForkKeys = ["fraction", "shape"];
    private static readonly string[] ForkShapes = ["linear", "cosine", "1-sqrt"];

    /// <summary>A clock for checking specs before the data is loaded: 100 steps per epoch, the budget in steps.</summary>
    private static TradeoffDefinition ReadTradeoff(Reader r, YamlMappingNode node)
    {
        const string where = "tradeoff";
        r.Keys(node, TradeoffKeys, where);
        Duration Length(string key)
        {
            var d = r.OptionalDuration(node, key, where) ?? throw r.Error(node, where, $"'{key}' is required (e.g. 1ep)");
            return d.Unit == TimeUnit.FractionOfRun ? throw r.Error(node[key], $"{where}.{key}", "must be in epochs (1ep) or steps (500ba)") : d;
        }

        double peak = r.Double(r.Required(node, "peak_lr", where), "tradeoff.peak_lr");
        if (!(peak > 0)) throw r.Error(node["peak_lr"], "tradeoff.peak_lr", $"must be positive, got {peak}");
        var t = new TradeoffDefinition
        {
            PeakLr = peak,
            Warmup = Length("warmup"),
            FirstPeriod = Length("first_period"),
            Factor = r.OptionalDouble(node, "factor", where) ?? 2,
            Points = r.OptionalInt(node, "points", where, min: 2) ?? 5,
            MinLr = r.OptionalDouble(node, "min_lr", where) ?? 0,
            EvaluateEveryEpoch = r.OptionalBool(node, "evaluate_every_epoch", where) ?? true,
            PeakDecay = r.OptionalDouble(node, "peak_decay", where) ?? 0.8,
            Ensembles = r.OptionalBool(node, "ensembles", where) ?? true,
        };
        if (!(t.Factor > 1 && t.Factor <= 16)) throw r.Error(node["factor"], "tradeoff.factor", $"must be in (1, 16] (periods a, a r, a r^2, ...), got {t.Factor}");
        if (t.Points > 16) throw r.Error(node["points"], "tradeoff.points", $"must be at most 16, got {t.Points}");
        if (!(t.MinLr >= 0 && t.MinLr < peak)) throw r.Error(node["min_lr"], "tradeoff.min_lr", $"must be in [0, peak_lr), got {t.MinLr}");
        if (!(t.PeakDecay > 0 && t.PeakDecay <= 1)) throw r.Error(node["peak_decay"], "tradeoff.peak_decay", $"must be in (0, 1], got {t.PeakDecay}");

        if (node.Children.TryGetValue(new YamlScalarNode("curves"), out var curvesNode))
        {
            string known = string.Join(", ", CurveKinds.Requestable.Select(k => k.ToText()));
            var curves = new List<CurveKind>();
            foreach (var (n, i) in r.Sequence(curvesNode, "tradeoff.curves").Select((n, i) => (n, i)))
            {
                string name = r.String(n, $"tradeoff.curves[{i}]");
                if (!CurveKinds.TryParseRequestable(name, out var kind)) throw r.Error(curvesNode, "tradeoff.curves", $"unknown curve '{name.ToLowerInvariant()}'; known: {known}");
                curves.Add(kind);
            }

            if (curves.Count == 0) throw r.Error(curvesNode, "tradeoff.curves", $"is empty; name at least one of {known}");
            t = t with { Curves = [.. curves.Distinct()] };
        }

        if (node.Children.TryGetValue(new YamlScalarNode("fork"), out var forkNode))
        {
            var f = r.Mapping(forkNode, "tradeoff.fork");
            r.Keys(f, ForkKeys, "tradeoff.fork");
            double fraction = r.OptionalDouble(f, "fraction", "tradeoff.fork") ?? 0.2;
            if (!(fraction > 0 && fraction < 1)) throw r.Error(f["fraction"], "tradeoff.fork.fraction", $"must be in (0, 1), got {fraction}");
            string shape = r.OptionalString(f, "shape", "tradeoff.fork") ?? "1-sqrt";
            if (!ForkShapes.Contains(shape)) throw r.Error(f["shape"], "tradeoff.fork.shape", $"unknown shape '{shape}'; known: {string.Join(", ", ForkShapes)}");
            t = t with { ForkFraction = fraction, ForkShape = shape };
        }

        try
        {
            _ = t.Resolve(100); // the arithmetic of the layout, checked on a provisional epoch length
        }
        catch (ArgumentException e)
        {
            throw r.Error(node, where, e.Message);
        }

        return t;
    }
}
