using System.Diagnostics;
using System.Text;

namespace LRBench.Packaging.Tests;

/// <summary>What a finished command printed (standard output and error interleaved as they came) and its exit code.</summary>
public sealed record CommandResult(int ExitCode, string Output);

/// <summary>
/// Runs a program to completion in a folder. The MSBuild variables that `dotnet test` sets for its own build are
/// removed, so a nested `dotnet pack` or `dotnet build` behaves as it would from a user's shell.
/// </summary>
public static class Command
{
    /// <summary>Long enough for a pack of libtorch or a cold restore on a loaded 2-core machine; a hang still ends.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    public static CommandResult Run(string workingDirectory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran past {Limit}:\n{output}");
        }

        process.WaitForExit(); // drains the output handlers
        lock (output) return new CommandResult(process.ExitCode, output.ToString());
    }

    /// <summary>Runs and fails the test, showing everything printed, unless the command exits 0.</summary>
    public static string Succeed(string workingDirectory, string file, params string[] arguments)
    {
        var result = Run(workingDirectory, file, arguments);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
        return result.Output;
    }
}
