using System.Globalization;
using LRBench.Schedules.Specs;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Training.Optimization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LRBench.Cli.Services;

/// <summary>
/// The study file <c>lrbench recommend --study-out</c> writes: the recommended policies as a starting point, as the
/// LRBench paper describes (use stored LR ranges where related records exist, a range test where they do not). A
/// policy keeps its recorded LRs only when its record is of the same data set and model; otherwise it takes its LRs from
/// the new task's range test (the record's own rule when its study had one, else <see cref="StartingPoint"/>). Running
/// the file confirms or overturns the recommendation.
/// </summary>
internal static class StarterStudy
{
    /// <summary>What every starter study compares when nothing similar is stored: the procedure's usual candidates, each from the range test.</summary>
    private static readonly string[] Procedure =
    [
        "FIX(k0=$minimum)", "NSTEP(k0=$k1, gamma=0.1, l=[0.6dur, 0.8dur])", "TRI2(k0=$k0, k1=$k1, l=0.1dur)",
        "warmup_cosine(peak_lr=$k1, warmup=0.05dur)", "OneCycleLR(max_lr=$k1, total_steps=1dur)", "wsd(peak_lr=$k1, warmup=0.05dur, decay=0.2dur)",
    ];

    /// <summary>The study's text, with a header saying where each policy came from.</summary>
    public static string Write(TaskRow wanted, string? dataDirectory, IReadOnlyList<Recommendation> recommendations, string budget, string optimizer, int batchSize, DateTimeOffset now)
    {
        var entries = new List<(string Spec, OptimizerOptions? Optimizer, string Why)>();
        foreach (var r in recommendations)
        {
            bool sameTask = string.Equals(r.From.Task.Dataset, wanted.Dataset, StringComparison.OrdinalIgnoreCase)
                && string.Equals(r.From.Task.Model, wanted.Model, StringComparison.OrdinalIgnoreCase);
            // A record trained with its own optimizer (schedule-free beside the schedules) is recommended with it.
            var own = r.Policy.Trials.Count > 0 ? r.Policy.Trials[0].Trial.Trial.ChosenOptimizer : null;
            string from = $"{r.Policy.Label} on {r.From.Task.Dataset}/{r.From.Task.Model} (similarity {r.From.Score})";
            if (sameTask) entries.Add((r.Policy.Spec, own, $"{from}: its LRs, recorded on this task"));
            else if (r.RuleSpec is string rule) entries.Add((rule, own, $"{from}: its study's range-test rule"));
            else if (own is { IsScheduleFree: true } && r.Policy.Function == "FIX")
                entries.Add(("FIX(k0=$k1*10)", own, $"{from}: schedule-free at 10 x $k1, as its authors' 10 x the usual SGD LR"));
            else
            {
                var spec = StartingPoint.WithSpansAsFractions(StartingPoint.WithRangeTestLrs(PolicySpec.ParseAny(r.Policy.Spec)), r.From.Task.BudgetSteps);
                entries.Add((SpecFormatter.ToText(spec), own, $"{from}: LRs from the range test, spans as fractions of its run"));
            }
        }

        if (entries.Count == 0) entries.AddRange(Procedure.Select(p => (p, (OptimizerOptions?)null, "no similar record: the procedure's candidate, LRs from the range test")));
        entries = [.. entries.DistinctBy(e => (e.Spec, e.Optimizer))];
        bool rangeTest = entries.Any(e => RangePlaceholders.Uses(e.Spec));

        string name = "recommended-" + new string($"{wanted.Dataset}-{wanted.Model}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        name = name[..Math.Min(name.Length, StudyName.MaxLength)];
        var task = new YamlMappingNode { { "dataset", wanted.Dataset } };
        if (dataDirectory is not null) task.Add("data_dir", Quoted(dataDirectory));
        task.Add("model", Quoted(wanted.Model));
        task.Add("optimizer", new YamlMappingNode { { "name", optimizer } });
        task.Add("batch_size", batchSize.ToString(CultureInfo.InvariantCulture));
        task.Add("budget", budget);
        task.Add("evaluate_every", EvaluateEvery(budget));
        var root = new YamlMappingNode { { "name", name }, { "task", task }, { "seeds", new YamlSequenceNode("0", "1", "2") { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } } };
        if (rangeTest) root.Add("range_test", new YamlMappingNode { { "steps", "200" } });
        root.Add("policies", new YamlSequenceNode(entries.Select(e => e.Optimizer is { } o
            ? new YamlMappingNode { { "spec", Quoted(e.Spec) }, { "optimizer", OptimizerNode(o) } }
            : (YamlNode)Quoted(e.Spec))));

        var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine($"# Written by `lrbench recommend --study-out` on {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC for {wanted.Dataset} / {wanted.Model}.");
        text.WriteLine("# A starting point, to confirm or overturn: lrbench study run THIS-FILE, then lrbench study rank THIS-FILE.");
        if (rangeTest) text.WriteLine("# $k0, $k1 and $minimum come from a range test on this task that runs first (docs/studies.md).");
        foreach (var (spec, own, why) in entries) text.WriteLine($"#   {spec}{(own is null ? "" : " with " + own.Name)}  <- {why}");
        var yaml = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(yaml, assignAnchors: false);
        text.Write(yaml.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal)); // no end-of-document marker
        return text.ToString();
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    /// <summary>Every setting of an optimizer, as a study file's optimizer mapping (docs/studies.md).</summary>
    private static YamlMappingNode OptimizerNode(OptimizerOptions o)
    {
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var node = new YamlMappingNode
        {
            { "name", o.Name }, { "momentum", N(o.Momentum) }, { "nesterov", o.Nesterov ? "true" : "false" }, { "weight_decay", N(o.WeightDecay) },
            { "beta1", N(o.Beta1) }, { "beta2", N(o.Beta2) }, { "eps", N(o.Epsilon) }, { "alpha", N(o.Alpha) },
        };
        if (o.WarmupSteps is long w) node.Add("warmup_steps", w.ToString(CultureInfo.InvariantCulture));
        if (o.R is double r) node.Add("r", N(r));
        if (o.WeightLrPower is double p) node.Add("weight_lr_power", N(p));
        return node;
    }

    /// <summary>About ten evaluations over the budget: "0.5ep" for 5 epochs, "200ba" for 2000 steps.</summary>
    private static string EvaluateEvery(string budget)
    {
        if (!LRBench.Schedules.Duration.TryParse(budget, out var d)) return "1ep";
        double tenth = d.Value / 10;
        return d.Unit == LRBench.Schedules.TimeUnit.Epochs
            ? Math.Max(0.1, Math.Round(tenth, 1)).ToString("0.#", CultureInfo.InvariantCulture) + "ep"
            : Math.Max(1, (long)Math.Round(tenth)).ToString(CultureInfo.InvariantCulture) + "ba";
    }
}
