using System.CommandLine;
using System.Globalization;
using LRBench.Adaptive;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Reporting;
using LRBench.Schedules;
using LRBench.Schedules.Parity;
using LRBench.Schedules.Specs;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench schedule list|values|plot|check</c>: the policy library from the command line.</summary>
internal static class ScheduleCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CliContext ctx)
    {
        var command = new Command("schedule", "Learning-rate policies: list them, print their values, plot them, check them against references.");
        command.Subcommands.Add(List(ctx));
        command.Subcommands.Add(Values(ctx));
        command.Subcommands.Add(PlotCommand(ctx));
        command.Subcommands.Add(Check(ctx));
        return command;
    }

    private static Command List(CliContext ctx)
    {
        var family = new Option<string?>("--family") { Description = "Only this family: lrbench, pytorch, timm, transformers, shapes, composition" };
        var verbose = new Option<bool>("--parameters", "-p") { Description = "Show every parameter with its default and allowed range" };
        var cmd = new Command("list", "List every policy with its parameters and a one-line description.") { family, verbose };
        cmd.SetAction(r =>
        {
            var defs = Policies.Registry.Definitions.AsEnumerable();
            if (r.GetValue(family) is string f)
            {
                if (!Enum.TryParse<PolicyFamily>(f, ignoreCase: true, out var fam))
                    throw new UserInputException($"--family must be one of {string.Join(", ", Enum.GetNames<PolicyFamily>().Select(n => n.ToLowerInvariant()))} (got '{f}')");
                defs = defs.Where(d => d.Family == fam);
            }

            WriteCatalogue(ctx.Console, defs, r.GetValue(verbose));
            ctx.Console.WriteLine("name? = optional. Names are case-insensitive; PyTorch/timm/transformers names also work fully qualified.");
            ctx.Console.WriteLine("Spec syntax: NAME(param=value, ...), e.g. TRI2(k0=0.001, k1=0.006, l=2000); durations 100ba, 2ep, 0.5dur.");
            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>The catalogue as a table; <paramref name="withRanges"/> lists each parameter's default and range.</summary>
    internal static void WriteCatalogue(IAnsiConsole console, IEnumerable<PolicyDefinition> defs, bool withRanges)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("policy").AddColumn("family").AddColumn("parameters").AddColumn("description");
        foreach (var d in defs)
        {
            string ps = withRanges
                ? string.Join("\n", d.Parameters.Select(DescribeParameter))
                : string.Join(", ", d.Parameters.Where(p => p.Name is not ("last_epoch" or "verbose" or "initialize" or "noise_std")).Select(p => p.Required ? p.Name : p.Name + "?"));
            table.AddRow(Markup.Escape(d.Name), d.Family.ToString(), Markup.Escape(ps), Markup.Escape(d.Description));
        }

        console.Write(table);
    }

    private static string DescribeParameter(ParameterDefinition p)
    {
        string def = p.Default is not null ? $" = {SpecFormatter.ToText(p.Default)}" : p.Optional ? " (optional)" : " (required)";
        string range = p.RangeText();
        return $"{p.Name}: {p.KindText()}{def}{(range.Length > 0 ? ", " + range : "")}";
    }

    /// <summary>The most steps `schedule values` prints and `schedule plot` draws: far beyond any run's length in this tool.</summary>
    internal const long MaxSteps = 10_000_000;

    private sealed record ClockOptions(Option<long> Steps, Option<long?> StepsPerEpoch, Option<double?> Lr)
    {
        public RunClock Clock(ParseResult r)
        {
            long steps = r.GetValue(Steps);
            if (steps <= 0 || steps > MaxSteps) throw new UserInputException($"--steps must be from 1 to {MaxSteps} (got {steps})");
            long? spe = r.GetValue(StepsPerEpoch);
            if (spe is <= 0) throw new UserInputException($"--steps-per-epoch must be positive (got {spe})");
            double? lr = r.GetValue(Lr);
            if (lr is double v && !(v > 0 && double.IsFinite(v))) throw new UserInputException($"--lr must be a positive number (got {v})");
            return new RunClock(spe, steps, lr);
        }
    }

    private static ClockOptions AddClock(Command cmd)
    {
        var steps = new Option<long>("--steps", "-n") { Description = "Number of optimizer steps (also the run length for 'dur' units)", Required = true };
        var spe = new Option<long?>("--steps-per-epoch", "-k") { Description = "Steps per epoch, for 'ep' units and epoch-based policies" };
        var lr = new Option<double?>("--lr") { Description = "The optimizer's initial LR (base_lr of PyTorch-style policies that do not set it)" };
        cmd.Options.Add(steps);
        cmd.Options.Add(spe);
        cmd.Options.Add(lr);
        return new ClockOptions(steps, spe, lr);
    }

    private static Command Values(CliContext ctx)
    {
        var spec = new Option<string>("--spec", "-s") { Description = "Policy spec: text, JSON, or @FILE", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var cmd = new Command("values", "Print the learning rate (and momentum, where the policy sets it) of every step.") { spec, format };
        var clock = AddClock(cmd);
        cmd.SetAction(r =>
        {
            var runClock = clock.Clock(r);
            var schedule = SpecInput.Compile(r.GetValue(spec)!, runClock);
            long n = runClock.TotalSteps!.Value;
            bool momentum = schedule.CyclesMomentum;
            // Streamed row by row in both formats: memory stays flat however many steps are asked for.
            bool json = r.GetValue(format) == "json";
            ctx.Out.WriteLine(json ? "[" : momentum ? "step,lr,momentum" : "step,lr");
            for (long t = 0; t < n; t++)
            {
                string lr = Number(schedule.LearningRate(t));
                string? m = momentum && schedule.Momentum(t) is double v ? Number(v) : null;
                ctx.Out.WriteLine(json
                    ? $"{{\"step\": {t.ToString(Inv)}, \"lr\": {lr}{(m is null ? "" : ", \"momentum\": " + m)}}}{(t + 1 < n ? "," : "")}"
                    : $"{t.ToString(Inv)},{lr}{(momentum ? "," + m : "")}");
            }

            if (json) ctx.Out.WriteLine("]");

            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>A value as printed: round-trip precision, and never a negative zero.</summary>
    private static string Number(double value) => (value + 0.0).ToString("R", Inv);

    private static Command PlotCommand(CliContext ctx)
    {
        var spec = new Option<string[]>("--spec", "-s") { Description = "Policy spec (repeat to draw several on one chart)", Required = true, AllowMultipleArgumentsPerToken = false };
        var label = new Option<string[]>("--label") { Description = "Legend label for each --spec, in order (default: the spec)" };
        var output = new Option<string>("--out", "-o", "--output") { Description = "Output file, .png or .svg", Required = true };
        var log = new Option<bool>("--log") { Description = "Logarithmic LR axis" };
        var title = new Option<string?>("--title") { Description = "Chart title" };
        var epochs = new Option<bool>("--x-epochs") { Description = "Epochs on the x axis (needs --steps-per-epoch)" };
        var cmd = new Command("plot", "Draw one or several policies on one chart (PNG or SVG).") { spec, label, output, log, title, epochs };
        var clock = AddClock(cmd);
        cmd.SetAction(r =>
        {
            string path = r.GetValue(output)!;
            if (Path.GetExtension(path).ToLowerInvariant() is not (".png" or ".svg"))
                throw new UserInputException($"--output must end in .png or .svg (got '{path}')");
            var runClock = clock.Clock(r);
            var specs = r.GetValue(spec)!;
            if (specs.Length > MaxPlotSpecs) throw new UserInputException($"--spec is given {specs.Length} times; one chart draws at most {MaxPlotSpecs} policies");
            var labels = r.GetValue(label) ?? [];
            bool inEpochs = r.GetValue(epochs);
            if (inEpochs && runClock.StepsPerEpoch is null) throw new UserInputException("--x-epochs needs --steps-per-epoch");
            var series = new List<ChartSeries>();
            for (int i = 0; i < specs.Length; i++)
            {
                var schedule = SpecInput.Compile(specs[i], runClock);
                var (steps, lr) = Envelope(schedule, runClock.TotalSteps!.Value, PlotBuckets);
                var x = steps.Select(t => inEpochs ? (double)t / runClock.StepsPerEpoch!.Value : t).ToArray();
                series.Add(new ChartSeries(i < labels.Length ? labels[i] : Shorten(specs[i]), x, lr));
            }

            LineChart.Save(series, path, new ChartOptions
            {
                Title = r.GetValue(title) ?? "",
                LogY = r.GetValue(log),
                XLabel = inEpochs ? "epoch" : "step",
            });
            ctx.Out.WriteLine($"wrote {path}");
            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>The most policies one chart draws: more would not be told apart (and each costs a pass over the run).</summary>
    internal const int MaxPlotSpecs = 20;

    /// <summary>Columns of a plotted run: far more than a chart's pixels, so the envelope looks like every step.</summary>
    internal const int PlotBuckets = 4_000;

    /// <summary>
    /// Every step of a run of <paramref name="total"/> steps, kept as at most 2 x <paramref name="buckets"/> points:
    /// each bucket of consecutive steps contributes its lowest and highest rate, in the order they came. Memory stays
    /// flat however long the run (10,000,000 steps is 8,000 points), and a short cycle still shows as its band.
    /// </summary>
    internal static (double[] Steps, double[] Rates) Envelope(Schedule schedule, long total, int buckets)
    {
        if (total <= 2L * buckets)
        {
            var all = schedule.LearningRates(total);
            return ([.. Enumerable.Range(0, all.Length).Select(t => (double)t)], all);
        }

        var steps = new List<double>(2 * buckets);
        var rates = new List<double>(2 * buckets);
        for (int b = 0; b < buckets; b++)
        {
            long from = total * b / buckets, to = total * (b + 1) / buckets;
            long low = from, high = from;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (long t = from; t < to; t++)
            {
                double lr = schedule.LearningRate(t);
                if (lr < min) (min, low) = (lr, t);
                if (lr > max) (max, high) = (lr, t);
            }

            foreach (var (t, lr) in low <= high ? new[] { (low, min), (high, max) } : [(high, max), (low, min)])
            {
                if (steps.Count > 0 && steps[^1] == t) continue;
                steps.Add(t);
                rates.Add(lr);
            }
        }

        return ([.. steps], [.. rates]);
    }

    private static string Shorten(string spec) => spec.Length <= 60 ? spec : spec[..57] + "...";

    private static Command Check(CliContext ctx)
    {
        var golden = new Option<string>("--golden", "-g") { Description = "A file in the format of tests/golden/schedules_reference.json", Required = true };
        var tolerance = new Option<double>("--tolerance") { Description = "Maximum relative error per value", DefaultValueFactory = _ => GoldenCheck.DefaultTolerance };
        var cmd = new Command("check", "Rebuild every case of a reference file from its source and params, and compare every step.") { golden, tolerance };
        cmd.SetAction(r =>
        {
            double tol = r.GetValue(tolerance);
            if (!(tol >= 0)) throw new UserInputException($"--tolerance must be >= 0 (got {tol})");
            return GoldenOutput.Print(ctx, GoldenCheck.Run(r.GetValue(golden)!, tolerance: tol), "steps");
        });
        return cmd;
    }
}
