using System.CommandLine;
using LRBench.Adaptive;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Reporting;
using LRBench.Schedules;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench quickstart</c>: the README's main job. Shows the policy catalogue, plots a gallery of policies, then
/// runs a small real LRBench study (six policies, LeNet-5 on Fashion-MNIST, the SQLite store in the output folder)
/// and ends with the ranking table, the plots and the path of the HTML report. Run it again: finished trials are
/// kept, so it continues an interrupted study or just prints the results.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Build(CliContext ctx)
    {
        var output = new Option<string>("--out", "-o", "--output") { Description = "Folder for the plots, the study's store and its report", DefaultValueFactory = _ => "lrbench-quickstart" };
        var parallel = new Option<int?>("--parallel") { Description = "Trials at once (default: one per core)" };
        var cmd = new Command("quickstart", "Show the policy catalogue and a gallery of policies, then run a small LRBench study on Fashion-MNIST.") { output, parallel };
        cmd.SetAction(r =>
        {
            string dir = r.GetValue(output)!;
            Directory.CreateDirectory(dir);
            const long stepsPerEpoch = 469, epochs = 30;
            var clock = new RunClock(stepsPerEpoch, stepsPerEpoch * epochs, 0.05);
            ScheduleCommand.WriteCatalogue(ctx.Console, Policies.Registry.Definitions, withRanges: false);
            ctx.Console.WriteLine($"LRBench knows {Policies.Registry.Definitions.Count} policies (lrbench schedule list -p shows every parameter's default and range).");

            var galleries = new (string File, string Title, bool Log, (string Label, string Spec)[] Specs)[]
            {
                ("lrbench-cyclic.png", "LRBench cyclic functions (k0=0.001, k1=0.05, l=2ep)", false,
                [
                    ("TRI", "TRI(k0=0.001, k1=0.05, l=2ep)"),
                    ("TRI2", "TRI2(k0=0.001, k1=0.05, l=2ep)"),
                    ("SINEXP", "SINEXP(k0=0.001, k1=0.05, gamma=0.9999, l=2ep)"),
                    ("COS", "COS(k0=0.05, k1=0.001, l=3ep)"),
                ]),
                ("lrbench-decaying.png", "LRBench decaying functions (k0=0.05)", true,
                [
                    ("STEP", "STEP(k0=0.05, gamma=0.5, l=5ep)"),
                    ("NSTEP", "NSTEP(k0=0.05, gamma=0.1, l=[15ep, 25ep])"),
                    ("EXP", "EXP(k0=0.05, gamma=0.9997)"),
                    ("INV", "INV(k0=0.05, gamma=0.001, p=0.75)"),
                    ("POLY", "POLY(k0=0.05, k1=0.0005, p=2, l=1dur)"),
                ]),
                ("warmup-and-decay.png", "Warm-up then decay (peak 0.05)", false,
                [
                    ("warmup_cosine", "warmup_cosine(peak_lr=0.05, warmup=1ep)"),
                    ("OneCycleLR", "OneCycleLR(max_lr=0.05)"),
                    ("rex", "warmup(rex(max_lr=0.05, length=29ep), length=1ep)"),
                    ("wsd 1-sqrt", "wsd(peak_lr=0.05, warmup=1ep, decay=0.2dur, decay_type=1-sqrt)"),
                ]),
                ("restarts.png", "Restarts: SGDR, seed 000's multiplicative cycles, timm", false,
                [
                    ("multiplicative_cyclic", "multiplicative_cyclic(peak_lr=0.05, warmup=1ep, first_period=1ep, factor=2)"),
                    ("CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestarts(T_0=3, T_mult=2, iters_per_epoch=469)"),
                    ("timm, stepped per epoch", "CosineLRScheduler(t_initial=5, cycle_mul=1.5, cycle_decay=0.5, cycle_limit=10, warmup_t=1, warmup_prefix=true)"),
                ]),
            };

            foreach (var g in galleries)
            {
                var series = g.Specs.Select(s =>
                {
                    var lr = Policies.Registry.Compile(s.Spec, clock).LearningRates(clock.TotalSteps!.Value);
                    return new ChartSeries(s.Label, [.. Enumerable.Range(0, lr.Length).Select(t => (double)t / stepsPerEpoch)], lr);
                }).ToList();
                string path = Path.Combine(dir, g.File);
                LineChart.Save(series, path, new ChartOptions { Title = g.Title, XLabel = "epoch", LogY = g.Log });
                ctx.Console.WriteLine($"  plotted {g.Specs.Length} policies -> {path}");
            }

            // The study: the file is written next to its store so that `lrbench study status|rank|report` find both.
            string studyFile = Path.Combine(dir, "quickstart.yaml");
            File.WriteAllText(studyFile, StudyText);
            var (definition, text) = StudyFiles.LoadFile(studyFile);
            var (store, outputs) = StudyFiles.Defaults(definition);
            var options = new LRBench.Studies.Running.RunnerOptions
            {
                OutputDirectory = outputs,
                Parallel = r.GetValue(parallel) ?? Environment.ProcessorCount,
            };
            int code = LocalStudyRun.Run(ctx, store, definition, text, options);
            ctx.Console.WriteLine($"Next: lrbench study rank {studyFile} --sort cd; lrbench train --help; lrbench schedule list -p");
            return code;
        });
        return cmd;
    }

    /// <summary>The quickstart study (the same text as examples/studies/quickstart.yaml, which a test keeps equal).</summary>
    internal const string StudyText = """
        # Written by `lrbench quickstart`. Six policies from the LRBench paper and beyond, LeNet-5 on the 60,000
        # Fashion-MNIST images, 2 epochs each: a few minutes on 2 cores.
        name: quickstart
        task:
          dataset: fashion-mnist
          model: lenet5
          optimizer: {name: sgd, momentum: 0.9, nesterov: true, weight_decay: 5e-4}
          batch_size: 128
          budget: 2ep
          evaluate_every: 0.5ep
        seeds: [0]
        target_accuracy: 0.85
        policies:
          - "FIX(k0=0.01)"
          - "STEP(k0=0.05, gamma=0.5, l=0.5ep)"
          - "TRI2(k0=0.005, k1=0.05, l=0.5ep)"
          - "SINEXP(k0=0.005, k1=0.05, gamma=0.999, l=0.5ep)"
          - "COS(k0=0.05, k1=0.0005, l=2ep)"
          - spec: "warmup_cosine(peak_lr=0.05, warmup=0.5ep)"
            label: warm-up + cosine

        """;
}
