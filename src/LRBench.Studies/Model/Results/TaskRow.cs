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
}
