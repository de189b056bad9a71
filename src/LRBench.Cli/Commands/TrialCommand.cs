using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using Spectre.Console;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Cli.Invocation;
using LRBench.Training.Settings;

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
        var store = new Option<string>("--store") { Description = "The store (default: the LRBENCH_STORE environment variable)" };
        var trial = new Option<long>("--trial") { Required = true };
        var attempt = new Option<int>("--attempt") { Required = true };
        var output = new Option<string>("--out") { Required = true };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var lease = new Option<double>("--lease") { DefaultValueFactory = _ => 60 };
        var device = TaskOptions.DeviceOption();
        var tensorBoard = TaskOptions.TensorBoardOption();
        var cmd = new Command("trial", "Run one claimed trial in this process (started by workers with --trial-processes).")
        {
            store, trial, attempt, output, threads, lease, device, tensorBoard,
        };
        cmd.Hidden = true;
        cmd.SetAction(r =>
        {
            using var s = StudyCommand.OpenStore(StoreFromEnvironment.Resolve(r.GetValue(store)), mustExist: true);
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

/// <summary>Starts <c>lrbench trial</c> for a claimed trial with the same executable this process runs from.</summary>
internal sealed class ProcessTrialLauncher(string storeLocation) : ITrialProcessLauncher
{
    public int Run(TrialClaim claim, RunnerOptions options, int threads, Action<string> output, CancellationToken cancel)
    {
        using var child = Process.Start(StartInfo(claim, options, threads)) ?? throw new InvalidOperationException("could not start the trial process");
        child.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) output(line); };
        child.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) output(line); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        using (cancel.Register(() =>
               {
                   try
                   {
                       child.Kill(entireProcessTree: true); // its last checkpoint stands; the parent gives the trial back
                   }
                   catch (InvalidOperationException)
                   {
                       // already gone
                   }
               }))
        {
            child.WaitForExit();
        }

        return cancel.IsCancellationRequested ? TrialExitCodes.Released : child.ExitCode;
    }

    /// <summary>
    /// How the child is started: the store travels in its environment (readable only by the same user), not on its
    /// command line (readable by every user of the machine through ps).
    /// </summary>
    internal ProcessStartInfo StartInfo(TrialClaim claim, RunnerOptions options, int threads)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment[StoreFromEnvironment.Variable] = storeLocation;
        // Under `dotnet lrbench.dll` the host is dotnet and the program its first argument; an apphost runs itself.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(typeof(ProcessTrialLauncher).Assembly.Location);
        foreach (string arg in new[]
                 {
                     "trial", "--trial", claim.Trial.Id.ToString(CultureInfo.InvariantCulture),
                     "--attempt", claim.Attempt.ToString(CultureInfo.InvariantCulture), "--out", options.OutputDirectory,
                     "--threads", threads.ToString(CultureInfo.InvariantCulture), "--lease", options.Lease.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (options.Device is { } device)
        {
            start.ArgumentList.Add("--device");
            start.ArgumentList.Add(device.Text);
        }

        if (options.TensorBoardDirectory is string tensorBoard)
        {
            start.ArgumentList.Add("--tensorboard");
            start.ArgumentList.Add(tensorBoard);
        }

        return start;
    }
}
