namespace LRBench.Studies.Model.Results;

/// <summary>A task row: what was trained, with the data's shape (used to judge similarity for recommendations).</summary>
public sealed record TaskRow
{
    public long Id { get; init; }

    public string TaskKey { get; init; } = "";

    public string Dataset { get; init; } = "";

    public string Model { get; init; } = "";

    public string ModelFamily { get; init; } = "";

    public string Optimizer { get; init; } = "";

    public int BatchSize { get; init; }

    public string Budget { get; init; } = "";

    public int Channels { get; init; }

    public int Height { get; init; }

    public int Width { get; init; }

    public int Classes { get; init; }

    public int TrainSamples { get; init; }

    /// <summary>Optimizer steps in one epoch of this task (the trainer's rule: the last batch may be smaller).</summary>
    public long StepsPerEpoch => LRBench.Training.Engine.Trainer.StepsPerEpochFor(TrainSamples, BatchSize);

    /// <summary>The budget in optimizer steps, or null when it is not a duration this task can measure (epochs without a batch size).</summary>
    public long? BudgetSteps
    {
        get
        {
            if (!LRBench.Schedules.Duration.TryParse(Budget, out var d)) return null;
            try
            {
                // Epochs need the batch size and the training set; steps do not.
                long? perEpoch = BatchSize > 0 && TrainSamples > 0 ? StepsPerEpoch : null;
                return (long)Math.Round(new LRBench.Schedules.RunClock(perEpoch).ToSteps(d, "budget"));
            }
            catch (LRBench.Schedules.SpecException)
            {
                return null; // a fraction of a run's length is no budget
            }
        }
    }

    /// <summary>
    /// A task as a store describes it: image tasks by channels, height and width; other inputs by their first three
    /// sample dimensions (1 where there are fewer); tasks that are not classification have 0 classes. The optimizer,
    /// batch size and budget may be left empty (0) where they are not known, as for a task a recommendation is for.
    /// </summary>
    public static TaskRow Describe(string model, string modelFamily, string optimizer, int batchSize, string budget, LRBench.Training.Tasks.TrainingTask data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = data.SampleShape ?? FirstSampleShape(data);
        int Dim(int i) => i < shape.Count ? (int)shape[i] : 1;
        return new TaskRow
        {
            Dataset = data.DataName ?? data.Name,
            Model = model,
            ModelFamily = modelFamily,
            Optimizer = optimizer.ToLowerInvariant(),
            BatchSize = batchSize,
            Budget = budget,
            Channels = Dim(0),
            Height = Dim(1),
            Width = Dim(2),
            Classes = data.Objective is LRBench.Training.Tasks.ClassificationObjective k ? k.Classes : 0,
            TrainSamples = data.Train.Count,
        };
    }

    private static long[] FirstSampleShape(LRBench.Training.Tasks.TrainingTask task)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var batch = task.Train.Get(TorchSharp.torch.tensor(new long[] { 0 }), TorchSharp.torch.CPU);
        return [.. batch.Input.shape.Skip(1)];
    }
}
