using System.Diagnostics;
using System.Globalization;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Services;

/// <summary>Starts <c>lrbench trial</c> for a claimed trial with the same executable this process runs from.</summary>
internal sealed class ProcessTrialLauncher(StoreLocation store) : ITrialProcessLauncher
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
        start.Environment[StoreOption.Variable] = store.Canonical; // parsed once, by the parent
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

        if (options.StoreCheckpoints)
        {
            start.ArgumentList.Add("--checkpoints");
            start.ArgumentList.Add("store");
        }

        if (options.TensorBoardDirectory is string tensorBoard)
        {
            start.ArgumentList.Add("--tensorboard");
            start.ArgumentList.Add(tensorBoard);
        }

        return start;
    }
}
