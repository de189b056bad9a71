using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench study submit</c>: registers a study and its trials for workers, running nothing.</summary>
internal static class StudySubmitCommand
{
    internal static Command Build(CliContext ctx)
    {
        var study = StudyCommand.StudyArgument();
        var store = StoreOption.Create();
        var cmd = new Command("submit", "Register a study and its trials in a store without running anything (workers run them).") { study, store };
        cmd.SetAction(r =>
        {
            var (definition, text) = StudyFiles.LoadFile(r.GetValue(study)!);
            StudyFiles.RefuseUserTask(definition);
            var (defaultStore, defaultOut) = StudyFiles.Defaults(definition);
            var location = StoreOption.Resolve(r.GetValue(store), () => defaultStore);
            var options = new RunnerOptions { OutputDirectory = defaultOut };
            var planned = StudyRunner.Plan(definition, text, options); // a study that cannot run creates no store
            foreach (string warning in planned.Warnings) ctx.Console.WriteLine($"warning: {warning}");
            using var s = StoreAccess.OpenStore(location);
            StudyFiles.Submit(ctx, s, planned, options);
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
