using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Reporting;
using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;
using LRBench.Training.Tracking;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench train</c>: one training run with a policy, a live progress display, a metrics table, and
/// result.json, evaluations.csv and training.png in the output folder. A thin layer over <see cref="Trainer"/>.
/// </summary>
internal static class TrainCommand
{
    public static Command Build(CliContext ctx)
    {
        var task = new TaskOptions();
        var policy = new Option<string>("--policy") { Description = "Learning-rate policy spec (text, JSON or @file), e.g. \"warmup_cosine(peak_lr=0.05, warmup=1ep)\"", Required = true };
        var epochs = new Option<double?>("--epochs") { Description = "Budget in epochs (default 8)" };
        var steps = new Option<long?>("--steps") { Description = "Budget in optimizer steps (instead of --epochs)" };
        var evalEvery = new Option<string>("--eval-every") { Description = "Evaluation interval: 1ep, 200ba, 0.1dur or a number of steps", DefaultValueFactory = _ => "1ep" };
        var evalAtStart = new Option<bool>("--eval-at-start") { Description = "Also evaluate the untrained model" };
        var output = new Option<string?>("--out", "-o", "--output") { Description = "Output folder (default lrbench-runs/DATASET-MODEL-SEED)" };
        var baseLr = new Option<double?>("--base-lr") { Description = "Base LR for policies written relative to one (PyTorch schedulers' base_lr)" };
        var smoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing epsilon (0 = off)", DefaultValueFactory = _ => 0 };
        var mixup = new Option<double>("--mixup") { Description = "Mixup alpha (0 = off)", DefaultValueFactory = _ => 0 };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on a seeded random subset of this many images" };
        var validation = new Option<double?>("--validation") { Description = "Hold out this fraction of the training set and evaluate on it instead of the test set" };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Keep pixels in [0, 1] instead of standardising each channel" };
        var checkpointEvery = new Option<string?>("--checkpoint-every") { Description = "Checkpoint interval (1ep, 500ba, ...); one is always written at the end" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run whose checkpoint is in --out" };
        var startOver = new Option<bool>("--start-over") { Description = "Delete the checkpoint in --out (a damaged or unwanted run) and train from step 0" };

        var tensorBoard = TaskOptions.TensorBoardOption();
        var cmd = new Command("train", "Train a model under a learning-rate policy and measure it with LRBench's metrics.")
        {
            policy, epochs, steps, evalEvery, evalAtStart, output, baseLr, smoothing, mixup, testLimit, validation, noNormalize, checkpointEvery, resume, startOver, tensorBoard,
        };
        task.AddTo(cmd);
        cmd.SetAction(r =>
        {
            if (r.GetValue(epochs) is not null && r.GetValue(steps) is not null)
                throw new UserInputException("give either --epochs or --steps, not both");
            var budget = r.GetValue(steps) is long s ? Duration.Steps(s) : Duration.Epochs(r.GetValue(epochs) ?? 8);
            string data = r.GetValue(task.Dataset)!;
            string modelName = r.GetValue(task.Model)!;
            long seedValue = r.GetValue(task.Seed);
            string outDir = r.GetValue(output) ?? Path.Combine("lrbench-runs", $"{data}-{modelName.Replace(':', '_').Replace(',', '_')}-seed{seedValue}");
            var options = new TrainingOptions
            {
                Data = task.Data(r) with
                {
                    EvaluationLimit = r.GetValue(testLimit),
                    ValidationFraction = r.GetValue(validation),
                    Normalize = !r.GetValue(noNormalize),
                },
                Model = modelName,
                Optimizer = task.OptimizerSettings(r),
                Policy = SpecInput.Read(r.GetValue(policy)!),
                BaseLearningRate = r.GetValue(baseLr),
                Budget = budget,
                BatchSize = r.GetValue(task.Batch),
                EvaluateEvery = DurationText.Parse(r.GetValue(evalEvery)!, "--eval-every"),
                EvaluateAtStart = r.GetValue(evalAtStart),
                Seed = seedValue,
                Threads = r.GetValue(task.Threads),
                Device = TaskOptions.ReadDevice(r, task.Device, ctx.Console),
                LabelSmoothing = r.GetValue(smoothing),
                MixupAlpha = r.GetValue(mixup),
                CheckpointDirectory = outDir,
                CheckpointEvery = r.GetValue(checkpointEvery) is string c ? DurationText.Parse(c, "--checkpoint-every") : null,
            };
            if (r.GetValue(startOver))
            {
                if (r.GetValue(resume)) throw new UserInputException("--resume and --start-over contradict each other; give one");
                foreach (string old in new[] { "checkpoint", "checkpoint.old", "checkpoint.tmp" })
                {
                    string path = Path.Combine(outDir, old);
                    if (!Directory.Exists(path)) continue;
                    Directory.Delete(path, recursive: true);
                    ctx.Console.WriteLine($"Deleted {path}: starting over.");
                }
            }

            return Execute(ctx, options, outDir, r.GetValue(resume), r.GetValue(tensorBoard));
        });
        return cmd;
    }

    private static int Execute(CliContext ctx, TrainingOptions options, string outDir, bool resume, string? tensorBoardDirectory)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }

        if (Trainer.CheckpointFolderProblem(outDir) is string folderProblem) throw new UserInputException(folderProblem);
        if (!resume && File.Exists(Path.Combine(outDir, "checkpoint", "state.json")))
            throw new UserInputException($"{outDir} already holds a run; add --resume to continue it, or choose another --out");

        if (resume && !File.Exists(Path.Combine(outDir, "checkpoint", "state.json")) && !File.Exists(Path.Combine(outDir, "checkpoint.old", "state.json")))
            ctx.Console.WriteLine($"No checkpoint in {outDir} yet: starting from step 0.");

        Trainer trainer;
        try
        {
            trainer = new Trainer(BuiltInTasks.Create(options.Data, options.Model), options);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }

        Directory.CreateDirectory(outDir);
        TrainingResult result;
        using (var cancel = new CtrlC()) // finish the step, write a checkpoint, then stop
        {
            // One run folder named after the policy, method and seed, under --tensorboard.
            ITrainingObserver? tracker = tensorBoardDirectory is string tb
                ? new TensorBoardObserver(Path.Combine(Path.GetFullPath(tb), TensorBoardObserver.RunName(LRBench.Schedules.Specs.SpecFormatter.ToText(options.Policy), MethodName(options), options.Seed)))
                : null;
            result = ctx.Terminal
                ? RunWithProgressBar(ctx, trainer, resume, tracker, cancel.Token)
                : trainer.Train(tracker is null ? new PlainProgress(ctx.Console) : new TrainingObservers(new PlainProgress(ctx.Console), tracker), resume, cancel.Token);
        }

        WriteTable(ctx.Console, result);
        if (ctx.Terminal)
        {
            // Plain output printed these as they happened; the progress bar had no room for them.
            foreach (var e in result.PolicyEvents) ctx.Console.WriteLine(e.Message);
        }

        string json = Path.Combine(outDir, "result.json");
        string csv = Path.Combine(outDir, "evaluations.csv");
        string png = Path.Combine(outDir, "training.png");
        ResultFiles.WriteJson(result, json);
        ResultFiles.WriteCsv(result, csv);
        SavePlot(result, png);
        ctx.Console.WriteLine($"Wrote {json}, {csv} and {png}.");
        if (result.PolicyState is not null)
        {
            string state = Path.Combine(outDir, "policy-state.json");
            File.WriteAllText(state, result.PolicyState);
            string autowu = Path.Combine(outDir, "autowu.png");
            if (AutoWuChart.Save(trainer, result, autowu) is string summary) ctx.Console.WriteLine($"{summary}; wrote {state} and {autowu}.");
        }
        switch (result.Status)
        {
            case RunStatus.Diverged:
                ctx.Console.WriteLine($"Diverged: the training loss was not finite at step {result.DivergedAtStep}; try a smaller learning rate.");
                return LRBenchCli.Success; // a recorded outcome, not a failure of the tool
            case RunStatus.Interrupted:
                ctx.Console.WriteLine($"Interrupted at step {result.Steps} of {result.Plan.TotalSteps}; run the same command with --resume to continue.");
                return 130;
            default:
                return LRBenchCli.Success;
        }
    }

    /// <summary>The training methods as a run folder's name part: baseline, or ls0.1 / mixup0.2.</summary>
    private static string MethodName(TrainingOptions o) =>
        o.LabelSmoothing == 0 && o.MixupAlpha == 0 ? "baseline"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(o.LabelSmoothing > 0 ? $"ls{o.LabelSmoothing}" : "")}{(o.MixupAlpha > 0 ? $"mixup{o.MixupAlpha}" : "")}");

    private static TrainingResult RunWithProgressBar(CliContext ctx, Trainer trainer, bool resume, ITrainingObserver? tracker, CancellationToken cancel)
    {
        TrainingResult? result = null;
        ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(p =>
            {
                var task = p.AddTask("starting", maxValue: trainer.TotalSteps);
                result = trainer.Train(tracker is null ? new BarProgress(task) : new TrainingObservers(new BarProgress(task), tracker), resume, cancel);
            });
        return result!;
    }

    /// <summary>The progress bar's line: epoch, step, loss, LR, throughput (ETA is the bar's own column).</summary>
    private sealed class BarProgress(ProgressTask task) : ITrainingObserver
    {
        private long _lastUpdate;

        public void OnStart(TrainingPlan plan) => task.Value = plan.StartStep;

        public void OnStep(StepProgress p)
        {
            long now = Environment.TickCount64;
            if (now - _lastUpdate < 100 && p.Step < p.TotalSteps) return;
            _lastUpdate = now;
            task.Value = p.Step;
            task.Description = string.Create(CultureInfo.InvariantCulture,
                $"epoch {p.Epoch,6:F2}  step {p.Step}/{p.TotalSteps}  loss {p.Loss:F4}  lr {p.LearningRate:G4}  {p.SamplesPerSecond:F0} samples/s");
        }
    }

    /// <summary>Plain lines for logs and pipes: the plan, about twenty progress lines, and every evaluation.</summary>
    private sealed class PlainProgress(IAnsiConsole console) : ITrainingObserver
    {
        private long _every = 1;

        public void OnStart(TrainingPlan plan)
        {
            _every = Math.Max(1, plan.TotalSteps / 20);
            string resuming = plan.StartStep > 0 ? $"; resuming at step {plan.StartStep}" : "";
            string samples = DataCatalogue.IsText(plan.Dataset) ? "windows" : "images"; // a text corpus is cut into windows of the context
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{plan.Dataset}: {plan.TrainSamples} training {samples}, {plan.EvaluationSamples} {plan.EvaluationName} {samples}; {plan.Model} ({plan.ParameterCount:N0} parameters); {plan.TotalSteps} steps of batch {plan.BatchSize} ({plan.StepsPerEpoch} per epoch), evaluated every {plan.EvaluationInterval:0.##} steps{resuming}"));
        }

        public void OnStep(StepProgress p)
        {
            if (p.Step % _every != 0 && p.Step != p.TotalSteps) return;
            double eta = p.Step > 0 ? p.WallSeconds / p.Step * (p.TotalSteps - p.Step) : 0;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {p.Epoch:F2} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} lr {p.LearningRate:G4} {p.SamplesPerSecond:F0} samples/s ETA {eta:F0}s"));
        }

        public void OnEvaluation(EvaluationPoint e) => console.WriteLine(double.IsNaN(e.Metrics.Top1)
            ? string.Create(CultureInfo.InvariantCulture, $"eval step {e.Step}: test loss {e.Metrics.Loss:F4}{(e.TaskMetric is double m ? " task metric " + m.ToString("F4", CultureInfo.InvariantCulture) : "")} train loss {e.TrainLoss:F4}")
            : string.Create(CultureInfo.InvariantCulture, $"eval step {e.Step}: top-1 {e.Metrics.Top1:P2} top-5 {e.Metrics.Top5:P2} test loss {e.Metrics.Loss:F4} train loss {e.TrainLoss:F4}"));

        public void OnPolicyEvent(PolicyEvent policyEvent) => console.WriteLine(policyEvent.Message);

        public void OnDiverged(long step, double loss) =>
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"diverged at step {step}: training loss {loss}"));
    }

    internal static void WriteTable(IAnsiConsole console, TrainingResult result)
    {
        var table = new Table().Title($"{result.Plan.Model} on {result.Plan.Dataset} ({result.Plan.EvaluationName} set), {result.Status.ToString().ToLowerInvariant()}");
        // A task with its own metric (bits/char of the language model) gets a column for it.
        bool metric = result.Evaluations.Any(e => e.TaskMetric is not null);
        foreach (string h in new[] { "step", "epoch", "lr", "train loss", "test loss", "LD", "top-1", "top-5", "AC", "CD", "CDAC" }.Concat(metric ? ["task metric"] : []).Append("wall s"))
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var e in result.Evaluations)
        {
            var m = e.Metrics;
            table.AddRow([
                e.Step.ToString(CultureInfo.InvariantCulture), F(e.Epoch, "F2"), F(e.LearningRate, "G4"), F(e.TrainLoss, "F4"), F(m.Loss, "F4"),
                F(e.LossDifference, "F4"), F(m.Top1 * 100, "F2"), F(m.Top5 * 100, "F2"), F(m.AverageConfidence, "F4"), F(m.ConfidenceDeviation, "F4"),
                F(m.ClassConfidenceDeviation, "F4"), .. metric ? [F(e.TaskMetric ?? double.NaN, "F4")] : Array.Empty<string>(), F(e.WallSeconds, "F1")]);
        }

        console.Write(table);
        if (result.Final is { } last)
        {
            var lowest = result.Evaluations.Where(e => !double.IsNaN(e.Metrics.Loss)).MinBy(e => e.Metrics.Loss);
            string best = !double.IsNaN(last.BestTop1) ? string.Create(CultureInfo.InvariantCulture, $"Highest top-1 {last.BestTop1:P2} at step {last.BestTop1Step}")
                : lowest is null ? "No finite loss"
                : string.Create(CultureInfo.InvariantCulture, $"Lowest {result.Plan.EvaluationName} loss {lowest.Metrics.Loss:F4} at step {lowest.Step}");
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{best}; {result.Steps} steps in {result.WallSeconds:F1} s ({result.ComputeSeconds:F1} s training, {last.EvaluationSeconds:F1} s evaluating)."));
        }
    }

    private static string F(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    internal static void SavePlot(TrainingResult result, string path)
    {
        var steps = result.Evaluations.Select(e => (double)e.Step).ToList();
        var traceSteps = result.Trace.Select(t => (double)t.Step).ToList();
        var panels = new List<ChartPanel>
        {
            new([
                new ChartSeries("top-1", steps, [.. result.Evaluations.Select(e => e.Metrics.Top1 * 100)]),
                new ChartSeries("top-5", steps, [.. result.Evaluations.Select(e => e.Metrics.Top5 * 100)]),
            ], new ChartOptions { Title = $"{result.Plan.Model} on {result.Plan.Dataset}: {result.Plan.Policy}", XLabel = "iteration", YLabel = $"{result.Plan.EvaluationName} accuracy (%)", LegendLowerRight = true }),
            new([
                new ChartSeries("mini-batch loss", traceSteps, [.. result.Trace.Select(t => t.Loss)]),
                new ChartSeries("train loss (mean since last eval)", steps, [.. result.Evaluations.Select(e => e.TrainLoss)]),
                new ChartSeries($"{result.Plan.EvaluationName} loss", steps, [.. result.Evaluations.Select(e => e.Metrics.Loss)]),
            ], new ChartOptions { XLabel = "iteration", YLabel = "loss" }),
            new([new ChartSeries("learning rate", traceSteps, [.. result.Trace.Select(t => t.LearningRate)])],
                new ChartOptions { XLabel = "iteration", YLabel = "learning rate" }),
        };
        PanelChart.Save(panels, path);
    }
}
