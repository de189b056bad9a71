using System.CommandLine;
using LRBench.Cli.Invocation;
using LRBench.Training.Data;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>The options that describe what is trained (data, model, optimizer, batch, seed, threads), shared by train and range-test.</summary>
internal sealed class TaskOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = $"Data set: {string.Join(", ", DataCatalogue.Names)}", DefaultValueFactory = _ => "fashion-mnist" };

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Folder holding the data set's files (each data set has a default)" };

    public Option<int?> TrainLimit { get; } = new("--train-limit") { Description = "Train on a seeded random subset of this many images" };

    public Option<string> Model { get; } = new("--model") { Description = $"Model: {string.Join(", ", ModelZoo.Names)}, or mlp:W1,W2,...; on a text corpus (--dataset fortunes): char-transformer or char-transformer:LAYERS,WIDTH,HEADS,CONTEXT", DefaultValueFactory = _ => "lenet5" };

    public Option<string> Optimizer { get; } = new("--optimizer") { Description = $"Optimizer: {string.Join(", ", OptimizerFactory.Names)}", DefaultValueFactory = _ => "sgd" };

    public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD, RMSprop and Schedule-Free SGD momentum", DefaultValueFactory = _ => 0.9 };

    public Option<bool> Nesterov { get; } = new("--nesterov") { Description = "Nesterov momentum (SGD)" };

    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay", DefaultValueFactory = _ => 0 };

    public Option<double> Beta1 { get; } = new("--beta1") { Description = "Adam, AdamW and Schedule-Free AdamW beta1", DefaultValueFactory = _ => 0.9 };

    public Option<double> Beta2 { get; } = new("--beta2") { Description = "Adam/AdamW beta2", DefaultValueFactory = _ => 0.999 };

    public Option<long?> WarmupSteps { get; } = new("--warmup-steps") { Description = "sgd-schedule-free/adamw-schedule-free: steps of the optimizer's own linear warm-up (default 0)" };

    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size", DefaultValueFactory = _ => 128 };

    public Option<long> Seed { get; } = new("--seed") { Description = "Seed for weights, data order, splits and mixup", DefaultValueFactory = _ => 0 };

    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for TorchSharp (default: its own choice)" };

    public Option<string?> Device { get; } = DeviceOption();

    /// <summary>--device, shared with the study commands: where to compute; the CPU when not given.</summary>
    /// <summary>--tensorboard DIR: TensorBoard event files, one run folder per run or trial.</summary>
    public static Option<string?> TensorBoardOption() => new("--tensorboard")
    {
        Description = "Write TensorBoard event files under this folder (LR and loss per step, every metric per evaluation; one run folder per trial)",
    };

    public static Option<string?> DeviceOption() => new("--device") { Description = "Where to compute: cpu, cuda, cuda:N or auto (CUDA when there is a GPU, else the CPU); default cpu" };

    /// <summary>The device asked for, checked against this machine before any work starts (exit 2 when it has no such device).</summary>
    public static ComputeDevice? ReadDevice(ParseResult r, Option<string?> option, IAnsiConsole console)
    {
        if (r.GetValue(option) is not string text) return null;
        try
        {
            var device = ComputeDevice.Parse(text);
            device.Resolve(out string? note);
            if (note is not null) console.WriteLine(note);
            return device;
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"--device: {e.Message}");
        }
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option o in new Option[] { Dataset, DataDir, TrainLimit, Model, Optimizer, Momentum, Nesterov, WeightDecay, Beta1, Beta2, WarmupSteps, Batch, Seed, Threads, Device })
            command.Options.Add(o);
    }

    public DataOptions Data(ParseResult r) => new()
    {
        Dataset = r.GetValue(Dataset)!,
        DataDirectory = r.GetValue(DataDir),
        TrainLimit = r.GetValue(TrainLimit),
        Seed = r.GetValue(Seed),
    };

    public OptimizerOptions OptimizerSettings(ParseResult r) => new()
    {
        Name = r.GetValue(Optimizer)!,
        Momentum = r.GetValue(Momentum),
        Nesterov = r.GetValue(Nesterov),
        WeightDecay = r.GetValue(WeightDecay),
        Beta1 = r.GetValue(Beta1),
        Beta2 = r.GetValue(Beta2),
        WarmupSteps = r.GetValue(WarmupSteps),
    };
}
