using System.Runtime.InteropServices;

namespace LRBench.Cli.Services;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancellation token while it lives: the process is not killed, so the
/// work in hand can finish its step, write a checkpoint, give its trials back and stop. SIGTERM is how Kubernetes
/// stops a pod, Slurm a job at its time limit, and `kill` a process by default, so a worker stopped any of these
/// ways loses nothing. Dispose it to give both signals back their default meaning.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration? _term;

    public CtrlC()
    {
        Console.CancelKeyPress += OnCancel;
        // Windows has no SIGTERM to register; Ctrl-C covers it there.
        _term = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled when Ctrl-C is pressed or SIGTERM arrives.</summary>
    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _term?.Dispose();
        _cancel.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _cancel.Cancel();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the run stops itself after checkpointing
        _cancel.Cancel();
    }
}
