namespace LRBench.Cli.Tests;

/// <summary>Runs the real `lrbench` command in-process and captures what it printed.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = LRBenchCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// A machine dying mid-study: starts the real `lrbench <paramref name="args"/>` as a child process (its output read
    /// and dropped), waits until <paramref name="ready"/> holds, then kills it and its children with SIGKILL. Fails if
    /// the child exits first, or if <paramref name="ready"/> (described by <paramref name="waitingFor"/>) does not hold
    /// within <paramref name="bound"/>, a bound on waiting, not a measurement.
    /// </summary>
    public static void KillWhen(Func<bool> ready, string waitingFor, TimeSpan bound, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lrbench.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var child = System.Diagnostics.Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!ready())
        {
            Assert.False(child.HasExited, $"lrbench {string.Join(' ', args.Take(2))} finished or crashed before it could be killed");
            Assert.True(deadline.Elapsed < bound, $"{waitingFor} did not happen within {bound.TotalSeconds:0} s");
            Thread.Sleep(20);
        }

        child.Kill(entireProcessTree: true);
        child.WaitForExit();
    }

    /// <summary>
    /// The documented refusal of bad input: exit 2 and one line on standard error, "lrbench: ..." (mentioning
    /// <paramref name="mentions"/> when given), never an internal error or a stack trace.
    /// </summary>
    public static void AssertBadInput(int code, string err, string? mentions = null)
    {
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("lrbench: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
        if (mentions is not null) Assert.True(err.Contains(mentions, StringComparison.Ordinal), $"'{mentions}' not in: {err}");
    }
}
