using System.CommandLine;
using LRBench.Cli.Invocation;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench study run|submit|status|rank|report|retry</c>, one file per verb. A study is named by its file (which also
/// gives the default store, <c>NAME.db</c> next to the file) or by its name with <c>--store</c>.
/// </summary>
internal static class StudyCommand
{
    public static Command Build(CliContext ctx)
    {
        var cmd = new Command("study", "Run LRBench studies and read their results: run, submit, status, rank, report, retry.");
        cmd.Subcommands.Add(StudyRunCommand.Build(ctx));
        cmd.Subcommands.Add(StudySubmitCommand.Build(ctx));
        cmd.Subcommands.Add(StudyStatusCommand.Build(ctx));
        cmd.Subcommands.Add(StudyRankCommand.Build(ctx));
        cmd.Subcommands.Add(StudyReportCommand.Build(ctx));
        cmd.Subcommands.Add(StudyRetryCommand.Build(ctx));
        return cmd;
    }

    internal static Argument<string> StudyArgument() =>
        new("study") { Description = "The study file (YAML or JSON), or a study's name together with --store" };
}
