using System.Diagnostics;
using System.Globalization;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Running;

/// <summary>Names workers host:pid:random and recognises dead workers of this host (so a rerun after kill -9 need not wait for the lease).</summary>
public static class WorkerIdentity
{
    /// <summary>A new identity: host:pid:random.</summary>
    public static string New() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}");

    /// <summary>The versions of LRBench, TorchSharp and .NET this worker runs, recorded with each trial.</summary>
    public static string Versions { get; } =
        $"lrbench {typeof(StudyRunner).Assembly.GetName().Version}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}; .NET {Environment.Version}";

    /// <summary>True when the trial's worker ran on this host in a process that no longer exists.</summary>
    public static bool IsDeadLocalWorker(TrialRow trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var parts = trial.Worker?.Split(':');
        if (parts is not { Length: 3 } || parts[0] != Environment.MachineName) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return false;
        if (pid == Environment.ProcessId) return false; // our own live workers
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }
}
