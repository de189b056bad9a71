using System.Diagnostics;

namespace LRBench.Cli.Tests;

/// <summary>
/// podman as the container tests call it, with the two settings this kind of VM needs (scripts/image.sh uses the
/// same): the runc runtime (crun refuses the VM's hybrid cgroups) and ulimits below podman's defaults.
/// </summary>
internal static class Podman
{
    private static readonly string[] RunSettings = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768"];

    public static bool Installed { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "podman"))) == true;

    /// <summary>The start info of <c>podman ARGS</c>, output redirected; the run settings go after <c>run</c>.</summary>
    public static ProcessStartInfo Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--runtime");
        start.ArgumentList.Add("runc");
        for (int i = 0; i < arguments.Length; i++)
        {
            start.ArgumentList.Add(arguments[i]);
            if (i == 0 && arguments[0] == "run")
                foreach (string s in RunSettings) start.ArgumentList.Add(s);
        }

        return start;
    }

    /// <summary>Runs <c>podman ARGS</c> to the end.</summary>
    public static (int Code, string Output) Run(params string[] arguments)
    {
        using var p = Process.Start(Start(arguments))!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}
