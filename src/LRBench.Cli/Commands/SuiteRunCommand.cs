using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench suite run</c>: runs every workload's study in turn on this machine, then reports across workloads.</summary>
internal static class SuiteRunCommand
{
    internal static Command Build(CliContext ctx)
    {
        var suite = SuiteCommand.SuiteArgument();
        var store = StoreOption.Create();
        store.Description = $"The store for every workload's study (default: ${StoreOption.Variable}, else NAME.db next to the suite file)";
        var parallel = new Option<int?>("--parallel") { Description = "Trials at once (default: one per core, single-threaded each)" };
        var threads = new Option<int?>("--threads") { Description = "Threads per trial (default: cores / parallel)" };
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Folder for checkpoints and reports, one folder per workload (default: NAME-runs next to the suite file)" };
        var processes = LocalStudyRun.TrialProcessesOption();
        var logFormat = LocalStudyRun.LogFormatOption();
        var cmd = new Command("run", "Run every workload's unfinished trials, one workload after another; rerun to continue after a crash or Ctrl-C.")
            { suite, store, parallel, threads, output, processes, logFormat };
        cmd.SetAction(r =>
        {
            var definition = SuiteFiles.Load(r.GetValue(suite)!);
            foreach (var w in definition.Workloads) StudyFiles.RefuseUserTask(w.Study);
            var (defaultStore, defaultOut) = SuiteFiles.Defaults(definition);
            string outRoot = r.GetValue(output) ?? defaultOut;
            var location = StoreOption.Resolve(r.GetValue(store), () => defaultStore);
            using (var s = StoreAccess.OpenStore(location)) s.Queue.RecordSuite(definition); // the store alone can score it (the dashboard)
            var (c, log, owner) = LocalStudyRun.Logging(ctx, r.GetValue(logFormat)!);
            using (owner)
            {
                int worst = LRBenchCli.Success;
                foreach (var (w, i) in definition.Workloads.Select((w, i) => (w, i)))
                {
                    c.Console.WriteLine($"Workload {w.Name} ({i + 1} of {definition.Workloads.Count}):");
                    var options = LocalStudyRun.Checked(LocalStudyRun.LocalRunner(Path.Combine(outRoot, w.Name), r.GetValue(parallel), r.GetValue(threads), r.GetValue(processes), location));
                    int code = LocalStudyRun.Run(c, location, w.Study, w.StudyText, options, log);
                    if (code == 130) return code; // interrupted: the next run continues here
                    if (code != LRBenchCli.Success) worst = code;
                }

                int reported = SuiteReportCommand.Report(c, location, definition, Path.Combine(outRoot, "report"));
                return worst != LRBenchCli.Success ? worst : reported;
            }
        });
        return cmd;
    }
}
