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
