using System.Diagnostics;

namespace LRBench.Tests.Shared;

/// <summary>
/// Waits for a process the way a person would on a busy machine: as long as it keeps making progress. The limit is
/// on silence (no progress for <c>quiet</c>), not on total time, so a slow, loaded machine passes and a stuck process fails.
/// </summary>
internal static class ProgressWait
{
    /// <summary>
    /// True once <paramref name="process"/> exits; false when <paramref name="progress"/> (any count that grows while
    /// work gets done: output lines, evaluations stored) stayed the same for <paramref name="quiet"/>.
    /// </summary>
    public static bool ForExit(Process process, Func<long> progress, TimeSpan quiet)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(progress);
        long last = progress();
        var silent = Stopwatch.StartNew();
        while (!process.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            long now = progress();
            if (now != last)
            {
                last = now;
                silent.Restart();
            }
            else if (silent.Elapsed > quiet)
            {
                return false;
            }
        }

        process.WaitForExit(); // flushes the redirected output
        return true;
    }
}
