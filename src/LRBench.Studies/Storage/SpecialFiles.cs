using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LRBench.Studies.Storage;

/// <summary>
/// Tells a regular file from a FIFO, socket or similar at a path, without blocking: SQLite would open a FIFO and wait
/// for a writer forever. .NET does not expose a file's type, so the path is opened non-blocking (O_NONBLOCK, which
/// returns at once even for a FIFO without a writer) and asked whether it can seek, which a FIFO or socket cannot.
/// </summary>
internal static class SpecialFiles
{
    // The same values on Linux x86-64 and arm64.
    private const int ReadOnly = 0, NonBlocking = 0x800, CloseOnExec = 0x80000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>True when <paramref name="path"/> exists and is something other than a regular file or a directory.</summary>
    public static bool IsSpecial(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux() || Directory.Exists(path) || !File.Exists(path)) return false;
        int fd = Open(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0) return Marshal.GetLastPInvokeError() == 6; // ENXIO: a socket, or a FIFO with no reader to write to
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        return !stream.CanSeek;
    }
}
