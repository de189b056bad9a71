using LRBench.Cli.Invocation;

namespace LRBench.Cli.Services;

/// <summary>
/// The store a worker or trial process uses when <c>--store</c> is not given: the <c>LRBENCH_STORE</c> environment
/// variable. A URL with a password on a command line is visible to every user of the machine (ps, /proc/PID/cmdline);
/// a process's environment only to its own user and root.
/// </summary>
internal static class StoreFromEnvironment
{
    public const string Variable = "LRBENCH_STORE";

    public static string Resolve(string? option) =>
        option ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new UserInputException($"no store: give --store or set {Variable} (postgresql://user:password@host:port/database, or sqlite:PATH)"));
}
