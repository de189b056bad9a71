using System.CommandLine;
using LRBench.Cli.Invocation;

namespace LRBench.Cli.Tests;

/// <summary>Where a command writes is given the same way everywhere: <c>--out</c>, <c>-o</c> or <c>--output</c>.</summary>
public sealed class OutputOptionTests
{
    [Fact]
    public void Every_command_that_writes_files_takes_out_with_the_aliases_o_and_output()
    {
        var root = LRBenchCli.BuildRoot(new CliContext(Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, TextWriter.Null));
        var outputs = Commands(root)
            .SelectMany(c => c.Options.Where(o => o.Name is "--out" or "--output" || o.Aliases.Contains("--out") || o.Aliases.Contains("-o")).Select(o => (Command: c.Name, Option: o)))
            .ToList();
        Assert.True(outputs.Count >= 9, $"only {outputs.Count} output options found");
        Assert.All(outputs, o =>
        {
            Assert.Equal("--out", o.Option.Name);
            Assert.Contains("-o", o.Option.Aliases);
            Assert.Contains("--output", o.Option.Aliases);
        });
    }

    private static IEnumerable<Command> Commands(Command c) => new[] { c }.Concat(c.Subcommands.SelectMany(Commands));
}
