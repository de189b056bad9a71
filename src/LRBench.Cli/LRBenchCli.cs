using System.CommandLine;
using LRBench.Cli.Commands;
using LRBench.Cli.Invocation;
using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Storage;
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

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, BuildRoot);

    /// <summary>Runs the commands <paramref name="buildRoot"/> makes (tests give their own, to reach the error paths).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<CliContext, RootCommand> buildRoot)
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
        var root = buildRoot(context);
        if (!root.Options.Contains(Verbose)) root.Options.Add(Verbose);
        // No response files: `--spec @FILE` is ours to read (with a size limit), not System.CommandLine's to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
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
        catch (Exception e) when (e is SpecException or UserInputException or LRBench.Training.Data.DataException or LRBench.Training.Tasks.TaskException or StoreException or StudyFileException or LRBench.Studies.Running.WorkerEnvironmentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            stderr.WriteLine($"lrbench: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lrbench: failed: {OneLine(e.Message)}");
            return Failure;
        }
        catch (Exception e)
        {
            // A bug: one line, and the stack trace only when asked for.
            stderr.WriteLine($"lrbench: internal error: {e.GetType().Name}: {OneLine(e.Message)} (rerun with --verbose for the stack trace)");
            if (parse.GetValue(Verbose)) stderr.WriteLine(StoreLocation.Redact(e.ToString()));
            return Failure;
        }
    }

    /// <summary>Prints the stack trace of an internal error (every command accepts it).</summary>
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "On an internal error, print the stack trace too", Recursive = true };

    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "LRBench: learning-rate policies you can trust, and benchmarks that tell you which one to use.\n" +
            "Policies are exact ports of the LRBench paper, PyTorch, timm and transformers, and compose freely.");
        root.Subcommands.Add(ScheduleCommand.Build(context));
        root.Subcommands.Add(QuickstartCommand.Build(context));
        root.Subcommands.Add(TrainCommand.Build(context));
        root.Subcommands.Add(StudyCommand.Build(context));
        root.Subcommands.Add(SuiteCommand.Build(context));
        root.Subcommands.Add(RangeTestCommand.Build(context));
        root.Subcommands.Add(RecommendCommand.Build(context));
        root.Subcommands.Add(KnowledgeCommand.Build(context));
        root.Subcommands.Add(AutoWuCommand.Build(context));
        root.Subcommands.Add(OptimizerCommand.Build(context));
        root.Subcommands.Add(WorkerCommand.Build(context));
        root.Subcommands.Add(TradeoffCommand.Build(context));
        root.Subcommands.Add(TrialCommand.Build(context));
        root.Subcommands.Add(DashboardCommand.Build(context));
        return root;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return names;
    }

    /// <summary>A message as one line, with any password a store location in it may hold masked and control characters escaped.</summary>
    private static string OneLine(string message) =>
        TerminalText.Escape(StoreLocation.Redact(CliHints.ForCommandLine(message.ReplaceLineEndings(" ").Replace("\t", " ", StringComparison.Ordinal).Trim())));
}
