using System.Globalization;

namespace LRBench.Studies.Running;

/// <summary>
/// What a worker brings to a trial besides the trial itself: its folders, its threads, its parallelism. Checked
/// before anything is claimed, and again when a trial fails, so that a misconfigured or broken machine stops itself
/// instead of spending the attempts of every trial in a shared store.
/// </summary>
public static class WorkerEnvironment
{
    /// <summary>The most trials one worker trains at once: far above the cores of any machine this runs on.</summary>
    public const int MaxParallel = 256;

    /// <summary>The most threads one trial may ask for: above any machine's cores, below what starving the OS takes.</summary>
    public const int MaxThreadsPerTrial = 1024;

    /// <summary>The first problem with <paramref name="options"/>, or null when a worker can run with them. Creates the folders it checks.</summary>
    public static string? Problem(RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return LimitsProblem(options.Parallel, options.ThreadsPerTrial)
            ?? FolderProblem(options.OutputDirectory, "the output folder (RunnerOptions.OutputDirectory)")
            ?? (options.TensorBoardDirectory is string tb ? FolderProblem(tb, "the TensorBoard folder (RunnerOptions.TensorBoardDirectory)") : null);
    }

    /// <summary>Why <paramref name="parallel"/> trials at once with <paramref name="threadsPerTrial"/> threads each cannot run, or null.</summary>
    public static string? LimitsProblem(int parallel, int? threadsPerTrial)
    {
        if (parallel is < 1 or > MaxParallel)
            return string.Create(CultureInfo.InvariantCulture, $"the number of trials at once (RunnerOptions.Parallel) must be 1 to {MaxParallel}, got {parallel}");
        if (threadsPerTrial is int t && t is < 1 or > MaxThreadsPerTrial)
            return string.Create(CultureInfo.InvariantCulture, $"threads per trial (RunnerOptions.ThreadsPerTrial) must be 1 to {MaxThreadsPerTrial}, got {t}");
        return null;
    }

    /// <summary>Throws a <see cref="WorkerEnvironmentException"/> naming the first <see cref="Problem"/>.</summary>
    public static void Check(RunnerOptions options)
    {
        if (Problem(options) is string problem) throw new WorkerEnvironmentException(problem);
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot hold a worker's files (<paramref name="what"/> names it in the message), or
    /// null: it must be given, must not be a file system's root, and must be a folder this process can create and
    /// write a file in (checked by writing one, which is removed again).
    /// </summary>
    public static string? FolderProblem(string? path, string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (string.IsNullOrWhiteSpace(path)) return $"{what} is empty; give a folder";
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{what} is not a usable path: {e.Message}";
        }

        if (Path.GetPathRoot(full) is string root && string.Equals(Path.TrimEndingDirectorySeparator(full), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
            return $"{what} is the file system's root {full}; give a folder of its own";
        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".lrbench-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{what} {full} cannot be written: {e.Message}";
        }
    }

    /// <summary>
    /// Whether a trial's failure with <paramref name="error"/> is the worker's, not the trial's: an I/O error while one
    /// of its folders can no longer be written, or a disk that is full. Such a trial is released, not failed.
    /// </summary>
    internal static string? Blames(Exception error, RunnerOptions options)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is not (IOException or UnauthorizedAccessException) || e is FileNotFoundException or InvalidDataException or EndOfStreamException) continue;
            if (e is IOException && IsDiskFull(e.HResult)) return $"the disk is full: {e.Message}";
            if (Problem(options) is string problem) return problem;
        }

        return null;
    }

    // .NET carries the OS error in the exception's HResult: ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on
    // Windows; ENOSPC (28) and EDQUOT (122 on Linux) elsewhere.
    private static bool IsDiskFull(int hresult) =>
        OperatingSystem.IsWindows() ? (hresult & 0xFFFF) is 112 or 39 : hresult is 28 or 122;
}
