using System.CommandLine;
using LRBench.Cli.Invocation;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench suite run|submit|status|report</c>: the same policies on several workloads, one study each in one store,
/// scored across workloads (docs/suites.md).
/// </summary>
internal static class SuiteCommand
{
    public static Command Build(CliContext ctx)
    {
        var cmd = new Command("suite", "Compare policies across workloads: run, submit, status, report.");
        cmd.Subcommands.Add(SuiteRunCommand.Build(ctx));
        cmd.Subcommands.Add(SuiteSubmitCommand.Build(ctx));
        cmd.Subcommands.Add(SuiteStatusCommand.Build(ctx));
        cmd.Subcommands.Add(SuiteReportCommand.Build(ctx));
        return cmd;
    }

    internal static Argument<string> SuiteArgument() => new("suite") { Description = "The suite file (YAML or JSON)" };
}
