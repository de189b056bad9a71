namespace LRBench.Cli.Services;

/// <summary>
/// Turns Ctrl-C into a cancellation token while it lives: the process is not killed, so the work in hand can finish
/// its step, write a checkpoint and stop. Dispose it to give Ctrl-C back its default meaning.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    public CtrlC() => Console.CancelKeyPress += OnCancel;

    /// <summary>Cancelled when Ctrl-C is pressed.</summary>
    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _cancel.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _cancel.Cancel();
    }
}
