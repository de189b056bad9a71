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
        if (!value.StartsWith('@')) return PolicySpec.ParseAny(value);
        string path = value[1..];
        string text = ReadFile(path);
        return FromFile(path, () => PolicySpec.ParseAny(text));
    }

    public static Schedule Compile(string value, RunClock clock)
    {
        var spec = Read(value);
        return value.StartsWith('@') ? FromFile(value[1..], () => Policies.Registry.Compile(spec, clock)) : Policies.Registry.Compile(spec, clock);
    }

    /// <summary>
    /// Parses or compiles what a file held. Its problems are named without quoting the file: `--spec @/etc/shadow` must
    /// not print the start of the file. Only a parameter of a known policy (<c>COS.k0</c>) is named.
    /// </summary>
    private static T FromFile<T>(string path, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (SpecException e)
        {
            string where = e.Parameter is string p && KnownParameter(p) ? $"; the problem is {p}'s value" : "";
            throw new UserInputException($"spec file {path} does not hold a valid policy spec{where}; its content is not repeated here (give the spec as text to see the parser's message)");
        }
    }

    private static bool KnownParameter(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Policies.Registry.Find(name[..dot]) is { } policy && policy.Parameters.Any(x => x.Name == name[(dot + 1)..]);
    }

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
