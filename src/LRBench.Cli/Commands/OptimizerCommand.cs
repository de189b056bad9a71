using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Training.Parity;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench optimizer check --golden FILE</c>: our schedule-free optimizers against the authors' recorded trajectories.</summary>
internal static class OptimizerCommand
{
    public static Command Build(CliContext ctx)
    {
        var golden = new Option<string>("--golden", "-g") { Description = "A file in the format of tests/golden/schedulefree_reference.json", Required = true };
        var tolerance = new Option<double>("--tolerance") { Description = "Maximum error per value, relative to max(|reference|, 1)", DefaultValueFactory = _ => ScheduleFreeReplay.DefaultTolerance };
        var check = new Command("check", "Replay every recorded trajectory of Schedule-Free SGD and AdamW in float64 and compare losses, warmed-up LRs and the parameters at y and x; one line per case, then 'N passed, M failed' (exit 1 if any failed).") { golden, tolerance };
        check.SetAction(r =>
        {
            double tol = r.GetValue(tolerance);
            if (!(tol >= 0)) throw new UserInputException($"--tolerance must be >= 0 (got {tol})");
            return GoldenOutput.Print(ctx, ScheduleFreeReplay.Run(r.GetValue(golden)!, tol), "steps");
        });
        var cmd = new Command("optimizer", "Optimizers: parity of the schedule-free optimizers with the authors' package.");
        cmd.Subcommands.Add(check);
        return cmd;
    }
}
