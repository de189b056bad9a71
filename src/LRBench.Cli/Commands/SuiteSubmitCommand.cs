using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench suite submit</c>: registers every workload's study and trials for workers, running nothing but the range tests.</summary>
internal static class SuiteSubmitCommand
{
    internal static Command Build(CliContext ctx)
    {
        var suite = SuiteCommand.SuiteArgument();
        var store = StoreOption.Create();
        var cmd = new Command("submit", "Register every workload's study in a store without running trials; `lrbench worker` runs them.") { suite, store };
        cmd.SetAction(r =>
        {
            var definition = SuiteFiles.Load(r.GetValue(suite)!);
            foreach (var w in definition.Workloads) StudyFiles.RefuseUserTask(w.Study);
            var (defaultStore, defaultOut) = SuiteFiles.Defaults(definition);
            var location = StoreOption.Resolve(r.GetValue(store), () => defaultStore);
            // Every workload is planned (its data loaded and checked, its range test run) before the store is opened.
            var planned = definition.Workloads.Select(w =>
            {
                var options = new RunnerOptions { OutputDirectory = Path.Combine(defaultOut, w.Name) };
                return (w, options, StudyRunner.Plan(w.Study, w.StudyText, options));
            }).ToList();
            using var s = StoreAccess.OpenStore(location);
            s.Queue.RecordSuite(definition);
            foreach (var (w, options, plan) in planned)
            {
                ctx.Console.Write($"Workload {w.Name}: ");
                StudyFiles.Submit(ctx, s, plan, options);
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }
}
