using System.CommandLine;
using System.Globalization;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Studies.Pruning;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using Spectre.Console;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Cli.Invocation;
using LRBench.Training.Settings;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench study run|submit|status|rank|report</c>. A study is named by its file (which also gives the default
/// store, <c>NAME.db</c> next to the file) or by its name with <c>--store</c>.
/// </summary>
internal static class StudyCommand
{
    public static Command Build(CliContext ctx)
    {
        var cmd = new Command("study", "Run LRBench studies and read their results: run, submit, status, rank, report.");
        cmd.Subcommands.Add(BuildRun(ctx));
        cmd.Subcommands.Add(BuildSubmit(ctx));
        cmd.Subcommands.Add(BuildStatus(ctx));
        cmd.Subcommands.Add(BuildRank(ctx));
        cmd.Subcommands.Add(BuildReport(ctx));
        return cmd;
    }

    private static Option<string?> StoreOption() =>
        new("--store") { Description = "sqlite:PATH (default: NAME.db next to the study file) or postgresql://user@host:port/db" };

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

    private static Argument<string> StudyArgument() =>
        new("study") { Description = "The study file (YAML or JSON), or a study's name together with --store" };

    /// <summary>The default places for a study file's store and outputs.</summary>
    internal static (string Store, string Outputs) Defaults(StudyDefinition study) => Defaults(study.Name, study.SourcePath);

    /// <summary>The default places for a study of this name read from <paramref name="sourcePath"/>: NAME.db and NAME-runs next to the file.</summary>
    internal static (string Store, string Outputs) Defaults(string name, string? sourcePath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(sourcePath ?? ".")) ?? ".";
        return ("sqlite:" + Path.Combine(dir, name + ".db"), Path.Combine(dir, name + "-runs"));
    }

    private static Command BuildRun(CliContext ctx)
    {
        var study = StudyArgument();
        var store = StoreOption();
        var parallel = new Option<int?>("--parallel") { Description = "Trials at once (default: one per core, single-threaded each)" };
        var threads = new Option<int?>("--threads") { Description = "Threads per trial (default: cores / parallel)" };
        var output = new Option<string?>("--out") { Description = "Folder for checkpoints and the report (default: NAME-runs next to the study file)" };
        var processes = TrialProcessesOption();
        var device = TaskOptions.DeviceOption();
        var tensorBoard = TaskOptions.TensorBoardOption();
        var logFormat = LogFormatOption();
        var cmd = new Command("run", "Run every trial not finished yet; rerun after a crash or Ctrl-C to continue where it stopped.") { study, store, parallel, threads, output, processes, device, tensorBoard, logFormat };
        cmd.SetAction(r =>
        {
            var (definition, text) = LoadFile(r.GetValue(study)!);
            RefuseUserTask(definition);
            var (defaultStore, defaultOut) = Defaults(definition);
            string outDir = r.GetValue(output) ?? defaultOut;
            string location = r.GetValue(store) ?? defaultStore;
            var options = LocalRunner(outDir, r.GetValue(parallel), r.GetValue(threads), r.GetValue(processes), location) with
            {
                Device = TaskOptions.ReadDevice(r, device, ctx.Console) ?? CheckedDevice(definition, ctx),
                TensorBoardDirectory = r.GetValue(tensorBoard),
            }; // checked before any file is made
            using var s = OpenStore(location);
            var (c, log, owner) = Logging(ctx, r.GetValue(logFormat)!);
            using (owner) return Run(c, s, definition, text, options, log);
        });
        return cmd;
    }

    /// <summary>A study of a program's own task (task.custom) runs in that program; this command has only the built-in tasks.</summary>
    internal static void RefuseUserTask(StudyDefinition definition)
    {
        if (definition.Task.UserTask is string name)
        {
            throw new UserInputException(
                $"{definition.SourcePath}: task.custom: '{name}' is a program's own task; run the study from that program (StudyRunner, or StudyWorker.Run with a TaskCatalog that has '{name}'); status, rank and report work here");
        }
    }

    /// <summary>The study file's task.device, checked against this machine before anything runs (null: the CPU).</summary>
    internal static ComputeDevice? CheckedDevice(StudyDefinition definition, CliContext ctx)
    {
        if (definition.Task.Device is not { } device) return null;
        try
        {
            device.Resolve(out string? note);
            if (note is not null) ctx.Console.WriteLine(note);
            return device;
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"{definition.SourcePath}: task.device: {e.Message}");
        }
    }

    /// <summary>How `study run` and `tradeoff` run trials on this machine, from their shared flags (checked).</summary>
    internal static RunnerOptions LocalRunner(string outDir, int? parallel, int? threads, bool trialProcesses, string storeLocation)
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
        if (options.Parallel < 1) throw new UserInputException($"--parallel must be at least 1, got {options.Parallel}");
        return options;
    }

    /// <summary>`study run` and `tradeoff`: registers the study from its file (planning its trials on its data), runs them, and reports.</summary>
    internal static int Run(CliContext ctx, StudyStore store, StudyDefinition definition, string text, RunnerOptions options, IStudyObserver? log = null)
    {
        string first = definition.NeedsRangeTest ? "; a range test runs first" : "";
        int policies = definition.Policies.Count;
        string what = definition.Tradeoff is { } t
            ? $"tradeoff curves {string.Join(", ", t.Curves.Select(c => c.ToText()))} at {t.Points} durations"
            : $"{(long)policies * definition.Methods.Count * definition.Seeds.Count} trials ({policies} policies";
        ctx.Console.WriteLine($"Study {definition.Name}: {what} x {definition.Methods.Count} method sets x {definition.Seeds.Count} seeds{(definition.Tradeoff is null ? ")" : "")}, store {store.Location.Display}, {options.Parallel} at once{first}.");
        return RunAndReport(ctx, store, definition.Name, options, (runner, observer, cancel) => runner.SubmitAndRun(definition, text, observer, cancel), log);
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
        if (summary.Interrupted)
        {
            ctx.Console.WriteLine("Interrupted: unfinished trials keep their checkpoints; run the same command again to continue.");
            return 130;
        }

        var row = store.Results.FindStudy(name)!;
        var results = store.Results.Load(row);
        if (row.IsTradeoff) return TradeoffCommand.Report(ctx, results, options.OutputDirectory);
        WriteRanking(ctx, results, "top1", 0);
        var files = StudyReport.Write(results, options.OutputDirectory);
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

    private static StudyRunSummary RunWithBars(CliContext ctx, StudyRunner runner, Func<StudyRunner, IStudyObserver, CancellationToken, StudyRunSummary> run, CancellationToken cancel)
    {
        StudyRunSummary? summary = null;
        ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(p => summary = run(runner, new BarStudyProgress(p), cancel));
        return summary!;
    }

    /// <summary>One bar for the study and one per running trial.</summary>
    private sealed class BarStudyProgress(ProgressContext progress) : IStudyObserver
    {
        private readonly Dictionary<long, (ProgressTask Task, long LastUpdate)> _trials = [];
        private readonly Lock _lock = new();
        private ProgressTask? _overall;

        public void OnStudyStart(string study, int totalTrials, int alreadyFinished)
        {
            _overall = progress.AddTask($"study {study}", maxValue: totalTrials);
            _overall.Value = alreadyFinished;
        }

        public void OnTrialStart(TrialClaim claim, TrainingPlan plan)
        {
            lock (_lock)
            {
                var task = progress.AddTask(Describe(claim, 0), maxValue: plan.TotalSteps);
                task.Value = plan.StartStep;
                _trials[claim.Trial.Id] = (task, 0);
            }
        }

        public void OnTrialStep(TrialClaim claim, StepProgress p)
        {
            lock (_lock)
            {
                if (!_trials.TryGetValue(claim.Trial.Id, out var t)) return;
                long now = Environment.TickCount64;
                if (now - t.LastUpdate < 200 && p.Step < p.TotalSteps) return;
                t.Task.Value = p.Step;
                t.Task.Description = Describe(claim, p.Loss);
                _trials[claim.Trial.Id] = (t.Task, now);
            }
        }

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, EvaluationPoint? final)
        {
            lock (_lock)
            {
                if (_trials.Remove(claim.Trial.Id, out var t))
                {
                    t.Task.Description = $"{Markup.Escape(claim.Trial.Label)} seed {claim.Trial.Seed}: {ending.ToText()}" + (final is null ? "" : string.Create(CultureInfo.InvariantCulture, $", best top-1 {final.BestTop1:P2}"));
                    t.Task.StopTask();
                }

                if (ending.FinishesTrial()) _overall?.Increment(1);
            }
        }

        private static string Describe(TrialClaim c, double loss) =>
            Markup.Escape($"{c.Trial.Label} seed {c.Trial.Seed}") + string.Create(CultureInfo.InvariantCulture, $"  loss {loss:F3}");
    }

    /// <summary>Plain lines: one when a trial starts and one when it ends.</summary>
    private sealed class PlainStudyProgress(IAnsiConsole console) : IStudyObserver
    {
        private readonly Lock _lock = new();
        private int _finished;
        private int _total;

        public void OnStudyStart(string study, int totalTrials, int alreadyFinished)
        {
            _total = totalTrials;
            _finished = alreadyFinished;
            if (alreadyFinished > 0) console.WriteLine($"{alreadyFinished} of {totalTrials} trials already finished; continuing.");
        }

        public void OnTrialOutput(TrialClaim claim, string line)
        {
            lock (_lock) console.WriteLine(line);
        }

        public void OnTrialStart(TrialClaim claim, TrainingPlan plan)
        {
            lock (_lock)
            {
                string from = plan.StartStep > 0 ? $" (resuming at step {plan.StartStep})" : "";
                console.WriteLine($"start  {claim.Trial.Label} [{claim.Trial.Method}] seed {claim.Trial.Seed}, attempt {claim.Attempt}: {plan.TotalSteps} steps{from}");
            }
        }

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, EvaluationPoint? final)
        {
            lock (_lock)
            {
                if (ending.FinishesTrial()) _finished++;
                string best = final is null ? "" : string.Create(CultureInfo.InvariantCulture, $", best top-1 {final.BestTop1:P2} at step {final.BestTop1Step}");
                console.WriteLine($"{ending.ToText(),-9} {claim.Trial.Label} [{claim.Trial.Method}] seed {claim.Trial.Seed}{best} ({_finished}/{_total} finished)");
            }
        }
    }

    private static Command BuildSubmit(CliContext ctx)
    {
        var study = StudyArgument();
        var store = StoreOption();
        var cmd = new Command("submit", "Register a study and its trials in a store without running anything (workers run them).") { study, store };
        cmd.SetAction(r =>
        {
            var (definition, text) = LoadFile(r.GetValue(study)!);
            RefuseUserTask(definition);
            var (defaultStore, defaultOut) = Defaults(definition);
            using var s = OpenStore(r.GetValue(store) ?? defaultStore);
            var data = LRBench.Training.Data.DataCatalogue.Load(definition.Task.Data);
            try
            {
                var runner = new StudyRunner(s, new RunnerOptions { OutputDirectory = defaultOut });
                var row = runner.Submit(definition, text, data);
                if (runner.RangeTest is { } rangeTest) RangeTestReport.Write(rangeTest, defaultOut);
                ctx.Console.WriteLine($"Study {definition.Name} (id {row.Id}) has {s.Results.Trials(row.Id).Count} trials in {s.Location.Display}.");
            }
            catch (StudyConflictException e)
            {
                throw new UserInputException(e.Message);
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }

    private static Command BuildStatus(CliContext ctx)
    {
        var study = StudyArgument();
        var store = StoreOption();
        var cmd = new Command("status", "Every trial's state, attempts, worker and result so far.") { study, store };
        cmd.SetAction(r =>
        {
            var (s, row) = OpenStudy(r.GetValue(study)!, r.GetValue(store), readOnly: true);
            using (s)
            {
                var trials = s.Results.Trials(row.Id);
                var best = s.Results.Evaluations(row.Id).GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.Max(e => e.Top1));
                var decisions = s.Results.RungDecisions(row.Id);
                var rungs = decisions.GroupBy(d => d.TrialId).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(RungText)));
                var table = new Table().Title($"study {row.Name}: {string.Join(", ", trials.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key.ToText()}"))}");
                foreach (string h in new[] { "#", "policy", "method", "seed", "status", "attempts", "failures", "worker", "steps", "best top-1", "wall s", "last error" })
                    table.AddColumn(h);
                if (row.Pruner is not null) table.AddColumn("rungs");
                foreach (var t in trials)
                {
                    string[] cells =
                    [
                        (t.Ordinal + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Label), Markup.Escape(t.Method), t.Seed.ToString(CultureInfo.InvariantCulture),
                        t.Status.ToText(), t.Attempts.ToString(CultureInfo.InvariantCulture), t.Failures.ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Worker ?? ""),
                        t.Steps is long st ? $"{st}/{t.TotalSteps}" : "",
                        best.TryGetValue(t.Id, out double b) ? b.ToString("P2", CultureInfo.InvariantCulture) : "",
                        t.WallSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "", Markup.Escape(t.Error ?? ""),
                    ];
                    table.AddRow(row.Pruner is null ? cells : [.. cells, Markup.Escape(rungs.GetValueOrDefault(t.Id, ""))]);
                }

                ctx.Console.Write(table);
                var compute = StudyCompute.Of(trials, s.Results.Tasks(), decisions, row.Searches);
                ctx.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"compute: {compute.UsedEpochs:0.##} of {compute.FullEpochs:0.##} epochs ({compute.Percent:0.#}%)"));
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>One rung decision in the status table: "r1@704 0.8123 stop" (rung, step judged, score, decision; "+probe" when annealed).</summary>
    private static string RungText(RungDecisionRow d) => string.Create(CultureInfo.InvariantCulture,
        $"r{d.Rung}@{d.Step}{(d.ProbeSteps > 0 ? "+probe" : "")} {(double.IsNaN(d.Score) ? "-" : d.Score.ToString("0.####", CultureInfo.InvariantCulture))} {d.Decision.ToText()}");

    private static Command BuildRank(CliContext ctx)
    {
        var study = StudyArgument();
        var store = StoreOption();
        var sort = new Option<string>("--sort") { Description = $"Metric to rank by: {string.Join(", ", Ranking.SortKeys.Keys)}", DefaultValueFactory = _ => "top1" };
        var top = new Option<int>("--top") { Description = "Show only the first N (0: all)", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format") { Description = "table, markdown or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown", "csv");
        var cmd = new Command("rank", "The ranking table (LRBench paper, Tables VII to IX), sortable by any metric.") { study, store, sort, top, format };
        cmd.SetAction(r =>
        {
            var (s, row) = OpenStudy(r.GetValue(study)!, r.GetValue(store), readOnly: true);
            using (s)
            {
                if (row.IsTradeoff)
                    throw new UserInputException($"{row.Name} is a tradeoff study: its trials are curve points, not policies to rank; see lrbench tradeoff FILE --no-train");
                string f = r.GetValue(format)!;
                var results = s.Results.Load(row);
                if (f == "table") return WriteRanking(ctx, results, r.GetValue(sort)!, r.GetValue(top));
                var ranking = RankOrThrow(results, r.GetValue(sort)!);
                if (r.GetValue(top) > 0) ranking = [.. ranking.Take(r.GetValue(top))];
                ctx.Out.Write(f == "csv" ? RankingFormat.ToCsv(ranking) : RankingFormat.ToMarkdown(ranking, row.TargetAccuracy));
                return LRBenchCli.Success;
            }
        });
        return cmd;
    }

    private static Command BuildReport(CliContext ctx)
    {
        var study = StudyArgument();
        var store = StoreOption();
        var output = new Option<string?>("--out") { Description = "Folder for the report (default: NAME-report next to the store or study file)" };
        var top = new Option<int>("--top") { Description = "Policies in the plots", DefaultValueFactory = _ => 5 };
        var sort = new Option<string>("--sort") { Description = "Metric to rank by", DefaultValueFactory = _ => "top1" };
        var cmd = new Command("report", "Write ranking.md, ranking.csv, accuracy and LR plots, and a self-contained report.html.") { study, store, output, top, sort };
        cmd.SetAction(r =>
        {
            var (s, row) = OpenStudy(r.GetValue(study)!, r.GetValue(store), readOnly: true);
            using (s)
            {
                string dir = r.GetValue(output) ?? Path.Combine(Directory.GetCurrentDirectory(), row.Name + "-report");
                var results = s.Results.Load(row);
                if (row.IsTradeoff) return TradeoffCommand.Report(ctx, results, dir);
                ReportFiles files;
                try
                {
                    files = StudyReport.Write(results, dir, r.GetValue(top), r.GetValue(sort)!);
                }
                catch (ArgumentException e)
                {
                    throw new UserInputException(e.Message);
                }

                ctx.Console.WriteLine($"Report: {files.Html}");
                ctx.Console.WriteLine($"Plots: {files.AccuracyPlot}, {files.LearningRatePlot}; tables: {files.Markdown}, {files.Csv}");
                return LRBenchCli.Success;
            }
        });
        return cmd;
    }

    internal static int WriteRanking(CliContext ctx, StudyResults results, string sortBy, int top)
    {
        var row = results.Study;
        var ranking = RankOrThrow(results, sortBy);
        if (top > 0) ranking = [.. ranking.Take(top)];
        string key = Ranking.SortKeyFor(results.Evaluations, sortBy, row.Metric);
        var table = new Table().Title($"study {row.Name}: ranked by {Markup.Escape(key == "metric" ? row.Metric!.Name : key)}");
        string? metric = RankingFormat.MetricOf(ranking);
        var headers = RankingFormat.Headers(row.TargetAccuracy, metric);
        foreach (string h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)) { Alignment = h == "policy" ? Justify.Left : Justify.Right });
        foreach (var p in ranking) table.AddRow([.. RankingFormat.Cells(p, metric is not null).Select(Markup.Escape)]);
        ctx.Console.Write(table);
        if (ranking.Count == 0) ctx.Console.WriteLine("No finished trials yet.");
        return LRBenchCli.Success;
    }

    private static IReadOnlyList<RankedPolicy> RankOrThrow(StudyResults results, string sortBy)
    {
        try
        {
            return Ranking.Rank(results.Trials, results.Evaluations, results.Study.TargetAccuracy, sortBy, results.Study.Metric);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    internal static (StudyDefinition Study, string Text) LoadFile(string path)
    {
        try
        {
            var study = StudyParser.Load(path);
            return (study, File.ReadAllText(path));
        }
        catch (StudyFileException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    /// <param name="location">sqlite:PATH or a PostgreSQL URL.</param>
    /// <param name="mustExist">For commands that only read: a SQLite file that does not exist is an error, not a new store.</param>
    /// <param name="readOnly">For commands that only read: open without creating, migrating or writing anything.</param>
    internal static StudyStore OpenStore(string location, bool mustExist = false, bool readOnly = false)
    {
        StoreLocation parsed;
        try
        {
            parsed = StoreLocation.Parse(location);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message); // already masks any password
        }

        try
        {
            if (mustExist) StudyStore.RequireExisting(parsed);
            return readOnly ? StudyStore.OpenReadOnly(parsed, readStudy: StudyParser.ParseStored) : StudyStore.Open(parsed, readStudy: StudyParser.ParseStored);
        }
        catch (StoreException e)
        {
            throw new UserInputException(StoreLocation.Redact(e.Message));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or ArgumentException)
        {
            // Only the display form: it never holds the password.
            throw new IOException($"cannot open the store {parsed.Display}: {StoreLocation.Redact(e.Message)}", e);
        }
    }

    /// <summary>A study by file (its default store unless --store is given) or by name (then --store is required).</summary>
    private static (StudyStore Store, StudyRow Study) OpenStudy(string study, string? store, bool readOnly = false)
    {
        string name;
        string location;
        if (File.Exists(study))
        {
            var (definition, _) = LoadFile(study);
            name = definition.Name;
            location = store ?? Defaults(definition).Store;
        }
        else
        {
            name = study;
            location = store ?? throw new UserInputException($"'{study}' is not a study file; to name a study by its name, add --store");
        }

        var s = OpenStore(location, mustExist: true, readOnly);
        var row = s.Results.FindStudy(name);
        if (row is null)
        {
            var known = s.Results.Studies().Select(x => x.Name).ToList();
            s.Dispose();
            throw new UserInputException($"no study named '{name}' in {s.Location.Display}" + (known.Count > 0 ? $"; it holds: {string.Join(", ", known)}" : "; it holds none yet (run lrbench study run FILE first)"));
        }

        return (s, row);
    }
}
