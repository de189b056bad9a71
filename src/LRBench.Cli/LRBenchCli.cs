using System.CommandLine;
using LRBench.Cli.Commands;
using LRBench.Schedules;
using Spectre.Console;

namespace LRBench.Cli;

/// <summary>
/// The <c>lrbench</c> command line. Exit codes: 0 success, 1 failure, 2 bad input (one line naming the problem).
/// Writers are parameters so tests can run the real command in-process and read what it printed.
/// </summary>
public static class LRBenchCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            // No terminal to measure: wide enough that tables are not cut into unreadable columns.
            console.Profile.Width = 200;
        }

        var context = new CliContext(console, stdout, stderr, terminal);
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string problems = string.Join("; ", parse.Errors.Select(e => OneLine(e.Message).Replace("\t", " ", StringComparison.Ordinal)).Distinct());
            stderr.WriteLine($"lrbench: {problems} (see: lrbench {string.Join(' ', CommandPath(parse).Append("--help"))})");
            return BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is SpecException or UserInputException or LRBench.Training.Data.DataException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            stderr.WriteLine($"lrbench: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lrbench: failed: {OneLine(e.Message)}");
            return Failure;
        }
    }

    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "LRBench: learning-rate policies you can trust, and benchmarks that tell you which one to use.\n" +
            "Policies are exact ports of the LRBench paper, PyTorch, timm and transformers, and compose freely.");
        root.Subcommands.Add(ScheduleCommand.Build(context));
        root.Subcommands.Add(QuickstartCommand.Build(context));
        root.Subcommands.Add(TrainCommand.Build(context));
        root.Subcommands.Add(StudyCommand.Build(context));
        root.Subcommands.Add(RangeTestCommand.Build(context));
        root.Subcommands.Add(RecommendCommand.Build(context));
        root.Subcommands.Add(AutoWuCommand.Build(context));
        root.Subcommands.Add(WorkerCommand.Build(context));
        root.Subcommands.Add(TradeoffCommand.Build(context));
        root.Subcommands.Add(TrialCommand.Build(context));
        return root;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return names;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>Where a command writes: a Spectre console for tables, raw writers for machine-readable output.</summary>
public sealed record CliContext(IAnsiConsole Console, TextWriter Out, TextWriter Error, bool Terminal = false);

/// <summary>Bad input that is not a policy spec problem (a missing file, an unknown format).</summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message)
    {
    }

    public UserInputException() : base("bad input")
    {
    }

    public UserInputException(string message, Exception inner) : base(message, inner)
    {
    }
}
