using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Training.Engine;
using LRBench.Training.Settings;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench trial</c> (hidden): runs one trial a worker has claimed, in its own process, and reports by exit code
/// (<see cref="TrialExitCodes"/>). Workers start it when asked for <c>--trial-processes</c>; users need not.
/// </summary>
internal static class TrialCommand
{
    public static Command Build(CliContext ctx)
    {
        // The store comes from the environment (LRBENCH_STORE), never the command line, where `ps` would show its password.
        var store = StoreOption.Create();
        var trial = new Option<long>("--trial") { Required = true };
        var attempt = new Option<int>("--attempt") { Required = true };
        var output = new Option<string>("--out", "-o", "--output") { Required = true };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var lease = new Option<double>("--lease") { DefaultValueFactory = _ => 60 };
        var device = TaskOptions.DeviceOption();
        var tensorBoard = TaskOptions.TensorBoardOption();
        var checkpoints = LocalStudyRun.CheckpointsOption();
        var cmd = new Command("trial", "Run one claimed trial in this process (started by workers with --trial-processes).")
        {
            store, trial, attempt, output, threads, lease, device, tensorBoard, checkpoints,
        };
        cmd.Hidden = true;
        cmd.SetAction(r =>
        {
            // The worker opened and upgraded the store before it started this process: nothing is migrated again.
            using var s = StoreAccess.OpenStore(StoreOption.Resolve(r.GetValue(store)), prepared: true);
            // The claimed trial's row holds all it trains: no study file, plan or data set is read to find it.
            var row = s.Results.Trial(r.GetValue(trial)) ?? throw new UserInputException($"no trial {r.GetValue(trial)} in {s.Location.Display}");
            int a = r.GetValue(attempt);
            if (row.Status != TrialStatus.Running || row.Attempts != a) return TrialExitCodes.Lost; // taken over before we started
            var options = new RunnerOptions
            {
                OutputDirectory = r.GetValue(output)!,
                Parallel = 1,
                Worker = row.Worker ?? WorkerIdentity.New(),
                Lease = TimeSpan.FromSeconds(r.GetValue(lease)),
                Device = r.GetValue(device) is string d ? ComputeDevice.Parse(d) : null,
                TensorBoardDirectory = r.GetValue(tensorBoard),
                StoreCheckpoints = r.GetValue(checkpoints) == "store",
            };
            using var cancel = new CtrlC();
            return new StudyRunner(s, options).RunClaimed(new TrialClaim(row, a), r.GetValue(threads), new ChildProgress(ctx.Console), cancel.Token);
        });
        return cmd;
    }

    /// <summary>The child's own lines: where it starts; the parent reports how the trial ended.</summary>
    private sealed class ChildProgress(IAnsiConsole console) : IStudyObserver
    {
        public void OnTrialStart(TrialClaim claim, TrainingPlan plan)
        {
            string from = plan.StartStep > 0 ? $" (resuming at step {plan.StartStep})" : "";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"start  {claim.Trial.Label} [{claim.Trial.Method}] seed {claim.Trial.Seed}, attempt {claim.Attempt}: {plan.TotalSteps} steps{from} (process {Environment.ProcessId})"));
        }
    }
}
