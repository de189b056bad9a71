using System.CommandLine;
using System.Globalization;
using LRBench.Studies.Analysis;
using LRBench.Studies.Reports;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench range-test</c>: Smith's LR range test with fastai-style suggestions and LRBench's cyclic ranges.</summary>
internal static class RangeTestCommand
{
    public static Command Build(CliContext ctx)
    {
        var dataset = new Option<string>("--dataset") { Description = $"Data set: {string.Join(", ", DataCatalogue.Names)}", DefaultValueFactory = _ => "fashion-mnist" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder holding the data set's files" };
        var model = new Option<string>("--model") { Description = "Model name", DefaultValueFactory = _ => "lenet5" };
        var optimizer = new Option<string>("--optimizer") { Description = "Optimizer", DefaultValueFactory = _ => "sgd" };
        var momentum = new Option<double>("--momentum") { Description = "SGD/RMSprop momentum", DefaultValueFactory = _ => 0.9 };
        var nesterov = new Option<bool>("--nesterov") { Description = "Nesterov momentum (SGD)" };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Weight decay", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 128 };
        var start = new Option<double>("--start") { Description = "First learning rate", DefaultValueFactory = _ => 1e-5 };
        var end = new Option<double>("--end") { Description = "Last learning rate", DefaultValueFactory = _ => 1.0 };
        var steps = new Option<long?>("--steps") { Description = "Steps of the sweep (default: one epoch)" };
        var linear = new Option<bool>("--linear") { Description = "Grow the LR linearly (Smith 2017) instead of exponentially (fastai)" };
        var seed = new Option<long>("--seed") { Description = "Seed", DefaultValueFactory = _ => 0 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use a seeded subset of this many training images" };
        var output = new Option<string>("--out") { Description = "Folder for range-test.png and range-test.csv", DefaultValueFactory = _ => "lrbench-range-test" };
        var cmd = new Command("range-test", "Sweep the learning rate in one run; suggest LRs (valley, slide, minimum, steep) and k0/k1 ranges for cyclic policies.")
        {
            dataset, dataDir, model, optimizer, momentum, nesterov, weightDecay, batch, start, end, steps, linear, seed, threads, trainLimit, output,
        };
        cmd.SetAction(r =>
        {
            var data = DataCatalogue.Load(new DataOptions { Dataset = r.GetValue(dataset)!, DataDirectory = r.GetValue(dataDir), TrainLimit = r.GetValue(trainLimit), Seed = r.GetValue(seed) });
            int batchSize = r.GetValue(batch);
            if (batchSize < 1) throw new UserInputException($"--batch must be a positive integer, got {batchSize}");
            long stepsPerEpoch = (data.Train.Count + batchSize - 1) / batchSize;
            var sweep = new RangeTestOptions { StartLr = r.GetValue(start), EndLr = r.GetValue(end), Steps = r.GetValue(steps) ?? stepsPerEpoch, Linear = r.GetValue(linear) };
            var task = new TrainingOptions
            {
                Model = r.GetValue(model)!,
                Optimizer = new OptimizerOptions { Name = r.GetValue(optimizer)!, Momentum = r.GetValue(momentum), Nesterov = r.GetValue(nesterov), WeightDecay = r.GetValue(weightDecay) },
                BatchSize = batchSize,
                Seed = r.GetValue(seed),
                Threads = r.GetValue(threads),
            };
            RangeTestResult result;
            try
            {
                sweep.Validate();
                task.Validate();
                result = RangeTest.Run(task, data, sweep);
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
