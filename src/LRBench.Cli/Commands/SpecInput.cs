using LRBench.Adaptive;
using LRBench.Schedules;
using LRBench.Schedules.Specs;

namespace LRBench.Cli.Commands;

/// <summary>Reads a policy spec from the command line: text, JSON, or @FILE (a .json or text file).</summary>
internal static class SpecInput
{
    public static PolicySpec Read(string value)
    {
        if (value.StartsWith('@'))
        {
            string path = value[1..];
            if (!File.Exists(path)) throw new UserInputException($"spec file not found: {path}");
            value = File.ReadAllText(path);
        }

        return PolicySpec.ParseAny(value);
    }

    public static Schedule Compile(string value, RunClock clock) => Policies.Registry.Compile(Read(value), clock);
}
