using System.CommandLine;
using LRBench.Reporting;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench quickstart</c>: the README's main job. For now it shows the policy catalogue and plots a gallery of
/// policies over a Fashion-MNIST-sized run (469 steps per epoch at batch 128); the study issue grows it into a real
/// benchmark.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Build(CliContext ctx)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the plots", DefaultValueFactory = _ => "lrbench-quickstart" };
        var cmd = new Command("quickstart", "Show the policy catalogue and plot a gallery of policies.") { output };
        cmd.SetAction(r =>
        {
            string dir = r.GetValue(output)!;
            Directory.CreateDirectory(dir);
            const long stepsPerEpoch = 469, epochs = 30;
            var clock = new RunClock(stepsPerEpoch, stepsPerEpoch * epochs, 0.05);
            ScheduleCommand.WriteCatalogue(ctx.Console, PolicyRegistry.Default.Definitions, withRanges: false);
            ctx.Console.WriteLine($"LRBench knows {PolicyRegistry.Default.Definitions.Count} policies (lrbench schedule list -p shows every parameter's default and range).");

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
                    var lr = PolicyRegistry.Default.Compile(s.Spec, clock).LearningRates(clock.TotalSteps!.Value);
                    return new ChartSeries(s.Label, [.. Enumerable.Range(0, lr.Length).Select(t => (double)t / stepsPerEpoch)], lr);
                }).ToList();
                string path = Path.Combine(dir, g.File);
                LineChart.Save(series, path, new ChartOptions { Title = g.Title, XLabel = "epoch", LogY = g.Log });
                ctx.Console.WriteLine($"  plotted {g.Specs.Length} policies -> {path}");
            }

            ctx.Console.WriteLine("Try: lrbench schedule values --spec \"TRI2(k0=0.001, k1=0.006, l=2000)\" --steps 10");
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
