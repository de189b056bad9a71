using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench range-test</c>: Smith's LR range test with fastai-style suggestions and LRBench's cyclic ranges.</summary>
internal static class RangeTestCommand
{
    public static Command Build(CliContext ctx)
    {
        var task = new TaskOptions();
        var start = new Option<double>("--start") { Description = "First learning rate", DefaultValueFactory = _ => 1e-5 };
        var end = new Option<double>("--end") { Description = "Last learning rate", DefaultValueFactory = _ => 1.0 };
        var steps = new Option<long?>("--steps") { Description = "Steps of the sweep (default: one epoch)" };
        var linear = new Option<bool>("--linear") { Description = "Grow the LR linearly (Smith 2017) instead of exponentially (fastai)" };
        var output = new Option<string>("--out", "-o", "--output") { Description = "Folder for range-test.png and range-test.csv", DefaultValueFactory = _ => "lrbench-range-test" };
        var cmd = new Command("range-test", "Sweep the learning rate in one run; suggest LRs (valley, slide, minimum, steep) and k0/k1 ranges for cyclic policies.")
        {
            start, end, steps, linear, output,
        };
        task.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var dataOptions = task.Data(r);
            string model = r.GetValue(task.Model)!;
            TrainingTask trainingTask;
            try
            {
                trainingTask = BuiltInTasks.Create(dataOptions, model);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }

            int batchSize = r.GetValue(task.Batch);
            if (batchSize < 1) throw new UserInputException($"--batch must be a positive integer, got {batchSize}");
            long stepsPerEpoch = Trainer.StepsPerEpochFor(trainingTask.Train.Count, batchSize);
            var sweep = new RangeTestOptions { StartLr = r.GetValue(start), EndLr = r.GetValue(end), Steps = r.GetValue(steps) ?? stepsPerEpoch, Linear = r.GetValue(linear) };
            var training = new TrainingOptions
            {
                Model = model,
                Optimizer = task.OptimizerSettings(r),
                BatchSize = batchSize,
                Seed = r.GetValue(task.Seed),
                Threads = r.GetValue(task.Threads),
                Device = TaskOptions.ReadDevice(r, task.Device, ctx.Console),
            };
            RangeTestResult result;
            try
            {
                sweep.Validate();
                training.Validate();
                result = RangeTest.Run(trainingTask, training, sweep, null);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }
            catch (InvalidOperationException e)
            {
                throw new UserInputException(e.Message);
            }

            string dir = r.GetValue(output)!;
            Directory.CreateDirectory(dir);
            Write(ctx, result, sweep, dir);
            return LRBenchCli.Success;
        });
        return cmd;
    }

    private static void Write(CliContext ctx, RangeTestResult result, RangeTestOptions sweep, string dir)
    {
        string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        ctx.Console.WriteLine($"Swept {result.LearningRates.Count} steps from {G(sweep.StartLr)} to {G(result.LearningRates[^1])} ({(sweep.Linear ? "linear" : "exponential")})" +
            (result.StoppedOnDivergence ? ", stopped early: the smoothed loss passed 4x its best." : "."));
        var table = new Table().AddColumn("suggestion").AddColumn(new TableColumn("learning rate").RightAligned()).AddColumn("rule");
        foreach (var s in result.Suggestions) table.AddRow(s.Name, G(s.LearningRate), Markup.Escape(s.Rule));
        ctx.Console.Write(table);
        ctx.Console.WriteLine($"Good constant range: {G(result.GoodLow)} to {G(result.GoodHigh)} (steepest fall to lowest loss).");
        ctx.Console.WriteLine($"Cyclic policies (TRI, TRI2, SIN, ...): k0 = {G(result.CyclicK0)}, k1 = {G(result.CyclicK1)}; e.g. TRI2(k0={G(result.CyclicK0)}, k1={G(result.CyclicK1)}, l=2ep)");

        var (png, csv) = RangeTestReport.Write(result, dir);
        ctx.Console.WriteLine($"Wrote {png} and {csv}.");
    }
}
