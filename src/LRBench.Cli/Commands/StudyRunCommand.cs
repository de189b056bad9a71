using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench study run</c>: registers a study from its file and runs its trials on this machine.</summary>
internal static class StudyRunCommand
{
    internal static Command Build(CliContext ctx)
    {
        var study = StudyCommand.StudyArgument();
        var store = StoreOption.Create();
        var parallel = new Option<int?>("--parallel") { Description = "Trials at once (default: one per core, single-threaded each)" };
        var threads = new Option<int?>("--threads") { Description = "Threads per trial (default: cores / parallel)" };
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Folder for checkpoints and the report (default: NAME-runs next to the study file)" };
        var processes = LocalStudyRun.TrialProcessesOption();
        var device = TaskOptions.DeviceOption();
        var tensorBoard = TaskOptions.TensorBoardOption();
        var logFormat = LocalStudyRun.LogFormatOption();
        var checkpoints = LocalStudyRun.CheckpointsOption();
        var cmd = new Command("run", "Run every trial not finished yet; rerun after a crash or Ctrl-C to continue where it stopped.") { study, store, parallel, threads, output, processes, device, tensorBoard, logFormat, checkpoints };
        cmd.SetAction(r =>
        {
            var (definition, text) = StudyFiles.LoadFile(r.GetValue(study)!);
            StudyFiles.RefuseUserTask(definition);
            var (defaultStore, defaultOut) = StudyFiles.Defaults(definition);
            string outDir = r.GetValue(output) ?? defaultOut;
            var location = StoreOption.Resolve(r.GetValue(store), () => defaultStore);
            var options = LocalStudyRun.Checked(LocalStudyRun.LocalRunner(outDir, r.GetValue(parallel), r.GetValue(threads), r.GetValue(processes), location) with
            {
                Device = TaskOptions.ReadDevice(r, device, ctx.Console) ?? StudyFiles.CheckedDevice(definition, ctx),
                TensorBoardDirectory = r.GetValue(tensorBoard),
                StoreCheckpoints = r.GetValue(checkpoints) == "store",
            }); // checked, its folders made, before the study is planned and the store opened
            var (c, log, owner) = LocalStudyRun.Logging(ctx, r.GetValue(logFormat)!);
            using (owner) return LocalStudyRun.Run(c, location, definition, text, options, log);
        });
        return cmd;
    }
}
