using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>Running a study's trials on this machine with progress or a structured log, then reporting: shared by <c>study run</c>, <c>tradeoff</c> and <c>worker</c>.</summary>
internal static class LocalStudyRun
{
    /// <summary>
    /// --checkpoints folder|store: where a trial's checkpoint lives for another worker to resume it. folder (the
    /// default): only in the output folder, which workers on several machines must share; store: also in the store,
    /// so workers need nothing but the store.
    /// </summary>
    internal static Option<string> CheckpointsOption()
    {
        var option = new Option<string>("--checkpoints")
        {
            Description = "folder (the default: checkpoints only in the output folder, which workers on many machines must share) or store (also in the store: workers need nothing but the store)",
            DefaultValueFactory = _ => "folder",
        };
        option.AcceptOnlyFromAmong("folder", "store");
        return option;
    }

    /// <summary>--log-format text|json: json writes one JSON object per event on standard output (and the human lines on standard error).</summary>
    internal static Option<string> LogFormatOption()
    {
        var option = new Option<string>("--log-format")
        {
            Description = "text (the default: progress lines) or json (one JSON object per event on standard output for log collectors; the rest goes to standard error)",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>
    /// For --log-format json: the context whose console writes to standard error, and the structured log writing
    /// JSON lines to standard output; for text, the context as it is and no log.
    /// </summary>
    internal static (CliContext Context, IStudyObserver? Log, IDisposable? Owner) Logging(CliContext ctx, string format)
    {
        if (format != "json") return (ctx, null, null);
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(ctx.Error),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        var factory = new Microsoft.Extensions.Logging.LoggerFactory([new Logging.JsonLinesLoggerProvider(ctx.Out)]);
        var logger = factory.CreateLogger("LRBench.Studies");
        return (ctx with { Console = console, Terminal = false }, new StudyLog(logger), factory);
    }

    internal static Option<bool> TrialProcessesOption() =>
        new("--trial-processes") { Description = "Run each trial in its own child process: a trial that crashes its process costs one failure, not the worker" };

    /// <summary>How `study run` and `tradeoff` run trials on this machine, from their shared flags (checked).</summary>
    internal static RunnerOptions LocalRunner(string outDir, int? parallel, int? threads, bool trialProcesses, StoreLocation storeLocation)
    {
        var options = new RunnerOptions
        {
            OutputDirectory = outDir,
            Parallel = parallel ?? Environment.ProcessorCount,
            ThreadsPerTrial = threads,
            TrialProcesses = trialProcesses ? new ProcessTrialLauncher(storeLocation) : null,
            // Another `study run` on the same study holds some trials: wait for them (taking over any whose worker
            // dies) so that the ranking and report are of the whole study, whichever process finishes first.
            WaitForOthers = true,
        };
        return options;
    }

    /// <summary>
    /// The options a worker runs with, checked (folders created and written to, threads and parallelism in range)
    /// before the store is opened: a misconfigured worker exits 2 without claiming, and so without failing, any trial.
    /// </summary>
    internal static RunnerOptions Checked(RunnerOptions options)
    {
        if (WorkerEnvironment.Problem(options) is string problem) throw new UserInputException(problem);
        return options;
    }

    /// <summary>
    /// `study run` and `tradeoff`: plans the study on its data (a study that cannot run is refused here, before any
    /// store is created or written), opens the store, registers the study, runs its trials, and reports.
    /// </summary>
    internal static int Run(CliContext ctx, StoreLocation location, StudyDefinition definition, string text, RunnerOptions options, IStudyObserver? log = null)
    {
        string first = definition.NeedsRangeTest ? "; a range test runs first" : "";
        int policies = definition.Policies.Count;
        string what = definition.Tradeoff is { } t
            ? $"tradeoff curves {string.Join(", ", t.Curves.Select(c => c.ToText()))} at {t.Points} durations"
            : $"{(long)policies * definition.Methods.Count * definition.Seeds.Count} trials ({policies} policies";
        ctx.Console.WriteLine($"Study {definition.Name}: {what} x {definition.Methods.Count} method sets x {definition.Seeds.Count} seeds{(definition.Tradeoff is null ? ")" : "")}, store {location.Display}, {options.Parallel} at once{first}.");
        var planned = StudyRunner.Plan(definition, text, options);
        foreach (string warning in planned.Warnings) ctx.Console.WriteLine($"warning: {warning}");
        using var store = StoreAccess.OpenStore(location);
        return RunAndReport(ctx, store, definition.Name, options, (runner, observer, cancel) => runner.SubmitAndRun(planned, observer, cancel), log);
    }

    /// <summary>Runs a study's trials with progress shown, then prints the ranking (or the tradeoff tables) and writes the report.</summary>
    /// <param name="ctx">Where the command writes.</param>
    /// <param name="store">The study's store.</param>
    /// <param name="name">The study.</param>
    /// <param name="options">How trials run.</param>
    /// <param name="run">Runs the trials with the runner and the observer given.</param>
    /// <param name="log">With --log-format json: the structured log that replaces the progress display.</param>
    internal static int RunAndReport(
        CliContext ctx, StudyStore store, string name, RunnerOptions options, Func<StudyRunner, IStudyObserver, CancellationToken, StudyRunSummary> run, IStudyObserver? log = null)
    {
        var runner = new StudyRunner(store, options);
        StudyRunSummary summary;
        try
        {
            using var cancel = new CtrlC();
            summary = log is not null ? run(runner, log, cancel.Token)
                : ctx.Terminal ? RunWithBars(ctx, runner, run, cancel.Token) : run(runner, new PlainStudyProgress(ctx.Console), cancel.Token);
        }
        catch (StudyConflictException e)
        {
            throw new UserInputException(e.Message);
        }

        if (runner.RangeTest is { } rangeTest) RangeTestReport.Write(rangeTest, options.OutputDirectory);
        if (runner.RangeTestValues is { } rt)
        {
            ctx.Console.WriteLine("Range test values used by the policies: " + string.Join(", ",
                rt.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"${kv.Key} = {kv.Value.ToString("G3", CultureInfo.InvariantCulture)}")) +
                $" ({Path.Combine(options.OutputDirectory, "range-test.png")})");
        }

        ctx.Console.WriteLine($"{summary.Finished} of {summary.Trials} trials finished ({summary.RanNow} in this run, {summary.Failed} failed attempts).");
        if (summary.EnvironmentProblem is string broken)
        {
            // Its trials were given back unharmed; another worker (or this one, mended) takes them.
            throw new UserInputException($"this worker stopped: {broken}; its trials were released without spending an attempt");
        }

        if (summary.Interrupted)
        {
            ctx.Console.WriteLine("Interrupted: unfinished trials keep their checkpoints; run the same command again to continue.");
            return 130;
        }

        var row = store.Results.FindStudy(name)!;
        var results = store.Results.Load(row);
        if (row.IsTradeoff) return TradeoffOutput.Report(ctx, results, options.OutputDirectory);
        RankingOutput.WriteRanking(ctx, results, "top1", 0);
        var files = StudyReport.Write(results, options.OutputDirectory, charts: ChartData.ForReport(store.Results, row, TimeProvider.System.GetUtcNow()));
        ctx.Console.WriteLine($"Report: {files.Html}");
        ctx.Console.WriteLine($"Plots: {files.AccuracyPlot}, {files.LearningRatePlot}; tables: {files.Markdown}, {files.Csv}");
        int failedTrials = results.Trials.Count(t => t.Status == TrialStatus.Failed);
        if (failedTrials > 0)
        {
            ctx.Console.WriteLine($"{failedTrials} of {summary.Trials} trials failed; `lrbench study status {name}` shows why.");
            return LRBenchCli.Failure;
        }

        return summary.Finished == summary.Trials ? LRBenchCli.Success : LRBenchCli.Failure;
    }

    internal static StudyRunSummary RunWithBars(CliContext ctx, StudyRunner runner, Func<StudyRunner, IStudyObserver, CancellationToken, StudyRunSummary> run, CancellationToken cancel)
    {
        StudyRunSummary? summary = null;
        ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(p => summary = run(runner, new BarStudyProgress(p), cancel));
        return summary!;
    }
}
