using LRBench.Adaptive;
using LRBench.Cli.Invocation;
using LRBench.Schedules;
using LRBench.Schedules.Specs;

namespace LRBench.Cli.Commands;

/// <summary>
/// Reads a policy spec from the command line: text, JSON, or @FILE (a .json or text file). The file is read here,
/// once and never expanded again (an @ inside it is just text), up to <see cref="MaxFileBytes"/>.
/// </summary>
internal static class SpecInput
{
    /// <summary>The largest spec file read: far above any real spec, far below what would exhaust memory.</summary>
    public const int MaxFileBytes = 1 << 20;

    public static PolicySpec Read(string value)
    {
        if (value.StartsWith('@')) value = ReadFile(value[1..]);
        return PolicySpec.ParseAny(value);
    }

    public static Schedule Compile(string value, RunClock clock) => Policies.Registry.Compile(Read(value), clock);

    private static string ReadFile(string path)
    {
        if (path.Length == 0) throw new UserInputException("@ must be followed by the path of a spec file, e.g. --spec @policy.json");
        if (Directory.Exists(path)) throw new UserInputException($"spec file {path} is a directory; give a file holding one spec");
        if (!File.Exists(path)) throw new UserInputException($"spec file not found: {path}");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        var buffer = new byte[MaxFileBytes + 1];
        int read = 0, n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
        if (read > MaxFileBytes)
            throw new UserInputException($"spec file {path} is larger than {MaxFileBytes / 1024} KiB; a spec is one policy, text or JSON");
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
