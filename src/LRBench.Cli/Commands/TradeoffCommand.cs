using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench tradeoff FILE</c>: runs a tradeoff study (seed 000) through the study store, like any study, then builds
/// its curves, costs, comparisons, Pareto frontiers and report from the stored results. With <c>--no-train</c> it only
/// rebuilds them from the store.
/// </summary>
internal static class TradeoffCommand
{
    public static Command Build(CliContext ctx)
    {
        var file = new Argument<string>("file") { Description = "The tradeoff study file (a study file with a 'tradeoff' section instead of 'policies')" };
        var store = StoreOption.Create();
        var parallel = new Option<int?>("--parallel") { Description = "Trials at once (default: one per core, single-threaded each)" };
        var threads = new Option<int?>("--threads") { Description = "Threads per trial (default: cores / parallel)" };
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Folder for checkpoints, snapshots and the report (default: NAME-runs next to the file)" };
        var noTrain = new Option<bool>("--no-train") { Description = "Do not train: rebuild the curves and the report from the results already stored" };
        var processes = LocalStudyRun.TrialProcessesOption();
        var tensorBoard = TaskOptions.TensorBoardOption();
        var logFormat = LocalStudyRun.LogFormatOption();
        var cmd = new Command("tradeoff", "Accuracy-vs-training-time curves from one cyclic run per method (seed 000), compared with standard runs, decaying cycles and fork-and-anneal.")
        {
            file, store, parallel, threads, output, noTrain, processes, tensorBoard, logFormat,
        };
        cmd.SetAction(r =>
        {
            var (definition, text) = StudyFiles.LoadFile(r.GetValue(file)!);
            StudyFiles.RefuseUserTask(definition);
            if (definition.Tradeoff is null)
                throw new UserInputException($"{definition.SourcePath}: not a tradeoff study (it has no 'tradeoff' section); run it with lrbench study run");
            var (defaultStore, defaultOut) = StudyFiles.Defaults(definition);
            string outDir = r.GetValue(output) ?? defaultOut;
            var location = StoreOption.Resolve(r.GetValue(store), () => defaultStore);
            if (r.GetValue(noTrain))
            {
                using var existing = StoreAccess.OpenStore(location, mustExist: true);
                var row = existing.Results.FindStudy(definition.Name)
                    ?? throw new UserInputException($"no results for '{definition.Name}' in {existing.Location.Display}; run without --no-train first");
                if (!row.IsTradeoff) throw new UserInputException($"study {row.Name} in {existing.Location.Display} is not a tradeoff study");
                return TradeoffOutput.Report(ctx, existing.Results.Load(row), outDir);
            }

            var options = LocalStudyRun.Checked(LocalStudyRun.LocalRunner(outDir, r.GetValue(parallel), r.GetValue(threads), r.GetValue(processes), location) with
            {
                Device = StudyFiles.CheckedDevice(definition, ctx),
                TensorBoardDirectory = r.GetValue(tensorBoard),
            }); // checked, its folders made, before the study is planned and the store opened
            var (c, log, owner) = LocalStudyRun.Logging(ctx, r.GetValue(logFormat)!);
            using (owner) return LocalStudyRun.Run(c, location, definition, text, options, log);
        });
        return cmd;
    }
}
