using System.CommandLine;
using LRBench.Adaptive.Parity;
using LRBench.Cli.Invocation;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench autowu replay --golden FILE</c>: our AutoWU against the original's recorded behaviour.</summary>
internal static class AutoWuCommand
{
    public static Command Build(CliContext ctx)
    {
        var golden = new Option<string>("--golden") { Description = "A file in the format of tests/golden/autowu_reference.json", Required = true };
        var replay = new Command("replay", "Replay recorded GP fits and AutoWU trajectories; one line per case, then 'N passed, M failed' (exit 1 if any failed).") { golden };
        replay.SetAction(r =>
        {
            var results = AutoWuReplay.Run(r.GetValue(golden)!);
            int width = results.Max(x => x.Case.Length);
            foreach (var x in results) ctx.Out.WriteLine($"{(x.Passed ? "PASS" : "FAIL")}  {x.Case.PadRight(width)}  {x.Detail}");
            int failed = results.Count(x => !x.Passed);
            ctx.Out.WriteLine($"{results.Count - failed} passed, {failed} failed");
            return failed == 0 ? LRBenchCli.Success : LRBenchCli.Failure;
        });
        var cmd = new Command("autowu", "AutoWU (automated warm-up): parity with the original implementation.");
        cmd.Subcommands.Add(replay);
        return cmd;
    }
}
