using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench worker</c>: runs the trials of studies registered in a store (by <c>lrbench study submit</c>) until
/// every one is finished. Start one per machine against a shared PostgreSQL store; each claims one trial at a time,
/// heartbeats while it trains, and takes over trials whose worker died once their lease expires.
/// </summary>
internal static class WorkerCommand
{
    public static Command Build(CliContext ctx)
    {
        var store = StoreOption.Create();
        store.Description = $"The shared store: a postgresql:// URL (or sqlite:PATH for workers on this one machine); default: ${StoreOption.Variable}, which keeps a password out of the process list";
        var study = new Option<string?>("--study") { Description = "Only this study (default: every study with unfinished trials)" };
        var parallel = new Option<int>("--parallel") { Description = "Trials at once in this worker", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Threads per trial (default: cores / parallel)" };
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Folder for checkpoints, shared by all workers so a taken-over trial resumes (default: NAME-runs next to the submitted study file)" };
        var lease = new Option<double>("--lease") { Description = "Seconds a claim lasts without a heartbeat before another worker may take the trial over", DefaultValueFactory = _ => 60 };
        var processes = LocalStudyRun.TrialProcessesOption();
        var device = TaskOptions.DeviceOption();
        var tensorBoard = TaskOptions.TensorBoardOption();
        var logFormat = LocalStudyRun.LogFormatOption();
        var checkpoints = LocalStudyRun.CheckpointsOption();
        var cmd = new Command("worker", "Run submitted trials from a shared store until every study is finished; start one on each machine.") { store, study, parallel, threads, output, lease, processes, device, tensorBoard, logFormat, checkpoints };
        cmd.SetAction(r =>
        {
            var (wctx, log, owner) = LocalStudyRun.Logging(ctx, r.GetValue(logFormat)!);
            using var logging = owner;
            int n = r.GetValue(parallel);
            double leaseSeconds = r.GetValue(lease);
            if (!(leaseSeconds is >= 2 and <= MaxLeaseSeconds))
                throw new UserInputException($"--lease must be 2 to {MaxLeaseSeconds} seconds (heartbeats go every quarter of it), got {leaseSeconds}");
            var computeDevice = TaskOptions.ReadDevice(r, device, wctx.Console);
            // Everything this worker brings is checked before the store is opened, so a misconfigured machine claims
            // nothing. Without --out each study's folder is next to its file: that one is checked when the study starts.
            string? problem = WorkerEnvironment.LimitsProblem(n, r.GetValue(threads))
                ?? (r.GetValue(output) is string outRoot ? WorkerEnvironment.FolderProblem(outRoot, "the output folder (--out)") : null)
                ?? (r.GetValue(tensorBoard) is string tbRoot ? WorkerEnvironment.FolderProblem(tbRoot, "the TensorBoard folder (--tensorboard)") : null);
            if (problem is not null) throw new UserInputException(problem);
            var storeLocation = StoreOption.Resolve(r.GetValue(store));
            using var s = StoreAccess.OpenStore(storeLocation, mustExist: true);
            if (!s.ServesManyMachines) RefuseSecondMachine(s);

            var studies = s.Results.Studies().Where(st => r.GetValue(study) is not string name || st.Name == name).ToList();
            if (r.GetValue(study) is string wanted && studies.Count == 0)
                throw new UserInputException($"no study '{wanted}' in {s.Location.Display}; submit it first (lrbench study submit FILE --store ...)");
            int ran = 0;
            foreach (var row in studies)
            {
                var trials = s.Results.Trials(row.Id);
                if (trials.All(t => t.Status.IsFinished())) continue;
                if (TaskDefinition.UserTaskName(trials[0].Trial.Training.Model) is string userTask)
                {
                    wctx.Console.WriteLine($"skipping study {row.Name}: its task '{userTask}' is a program's own (that program runs it with StudyWorker.Run)");
                    continue;
                }

                // The name comes from the store, which anyone with a SQL client can write: it must be a valid study
                // name before it names a folder. Everything else the worker needs is in the trials' rows.
                if (!StudyName.IsValid(row.Name))
                    throw new UserInputException($"the store holds a study named '{row.Name}', which is not a valid study name ({StudyName.Rule}); fix it in the store");
                string outDir = r.GetValue(output) is string o ? ContainedPath.Combine(o, row.Name) : StudyFiles.Defaults(row.Name, row.SourcePath).Outputs;
                var options = new RunnerOptions
                {
                    OutputDirectory = outDir,
                    Parallel = n,
                    ThreadsPerTrial = r.GetValue(threads),
                    Lease = TimeSpan.FromSeconds(leaseSeconds),
                    WaitForOthers = true,
                    Poll = TimeSpan.FromSeconds(Math.Min(2, leaseSeconds / 4)),
                    TrialProcesses = r.GetValue(processes) ? new ProcessTrialLauncher(storeLocation) : null,
                    Device = computeDevice,
                    TensorBoardDirectory = r.GetValue(tensorBoard),
                    StoreCheckpoints = r.GetValue(checkpoints) == "store",
                };
                wctx.Console.WriteLine($"worker {options.Worker}: study {row.Name}");
                wctx.Console.WriteLine($"Study {row.Name}: {trials.Count} trials, {trials.Count(t => !t.Status.IsFinished())} unfinished, store {s.Location.Display}, {options.Parallel} at once.");
                int code = LocalStudyRun.RunAndReport(wctx, s, row.Name, options, (runner, observer, cancel) => runner.Run(row.Id, observer, cancel), log);
                if (code != LRBenchCli.Success) return code;
                ran++;
            }

            wctx.Console.WriteLine(ran == 0 ? $"Nothing to do: every study in {s.Location.Display} is finished." : "Every study this worker served is finished.");
            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>The longest lease a worker may ask for: a day. A trial whose worker died waits at most this long.</summary>
    internal const double MaxLeaseSeconds = 86_400;

    /// <summary>SQLite locking only works between processes of one machine: refuse when another host holds trials.</summary>
    private static void RefuseSecondMachine(StudyStore store)
    {
        foreach (var row in store.Results.Studies())
        {
            var other = store.Results.Trials(row.Id).FirstOrDefault(t =>
                t.Status == TrialStatus.Running && t.Worker?.Split(':')[0] is string host && !string.Equals(host, Environment.MachineName, StringComparison.Ordinal));
            if (other is not null)
            {
                throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{store.Location.Display} is a SQLite file and host {other.Worker!.Split(':')[0]} is running trials from it; SQLite serves the processes of one machine only. For workers on several machines use a PostgreSQL store (--store postgresql://...)"));
            }
        }
    }
}
