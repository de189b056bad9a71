using System.CommandLine;
using LRBench.Training.Data;
using LRBench.Training.Models;
using LRBench.Training.Optimization;

namespace LRBench.Cli.Commands;

/// <summary>The options that describe what is trained (data, model, optimizer, batch, seed, threads), shared by train and range-test.</summary>
internal sealed class TaskOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = $"Data set: {string.Join(", ", DataCatalogue.Names)}", DefaultValueFactory = _ => "fashion-mnist" };

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Folder holding the data set's files (each data set has a default)" };

    public Option<int?> TrainLimit { get; } = new("--train-limit") { Description = "Train on a seeded random subset of this many images" };

    public Option<string> Model { get; } = new("--model") { Description = $"Model: {string.Join(", ", ModelZoo.Names)}, or mlp:W1,W2,...", DefaultValueFactory = _ => "lenet5" };

    public Option<string> Optimizer { get; } = new("--optimizer") { Description = $"Optimizer: {string.Join(", ", OptimizerFactory.Names)}", DefaultValueFactory = _ => "sgd" };

    public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD/RMSprop momentum", DefaultValueFactory = _ => 0.9 };

    public Option<bool> Nesterov { get; } = new("--nesterov") { Description = "Nesterov momentum (SGD)" };

    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay", DefaultValueFactory = _ => 0 };

    public Option<double> Beta1 { get; } = new("--beta1") { Description = "Adam/AdamW beta1", DefaultValueFactory = _ => 0.9 };

    public Option<double> Beta2 { get; } = new("--beta2") { Description = "Adam/AdamW beta2", DefaultValueFactory = _ => 0.999 };

    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size", DefaultValueFactory = _ => 128 };

    public Option<long> Seed { get; } = new("--seed") { Description = "Seed for weights, data order, splits and mixup", DefaultValueFactory = _ => 0 };

    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for TorchSharp (default: its own choice)" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option o in new Option[] { Dataset, DataDir, TrainLimit, Model, Optimizer, Momentum, Nesterov, WeightDecay, Beta1, Beta2, Batch, Seed, Threads })
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
    };
}
