using Spectre.Console;

namespace LRBench.Cli.Invocation;

/// <summary>Where a command writes: a Spectre console for tables, raw writers for machine-readable output.</summary>
public sealed record CliContext(IAnsiConsole Console, TextWriter Out, TextWriter Error, bool Terminal = false);
