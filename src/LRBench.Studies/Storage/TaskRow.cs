namespace LRBench.Studies.Storage;

/// <summary>A task row: what was trained, with the data's shape (used to judge similarity for recommendations).</summary>
public sealed class TaskRow
{
    public long Id { get; set; }

    public string TaskKey { get; set; } = "";

    public string Dataset { get; set; } = "";

    public string Model { get; set; } = "";

    public string ModelFamily { get; set; } = "";

    public string Optimizer { get; set; } = "";

    public int BatchSize { get; set; }

    public string Budget { get; set; } = "";

    public int Channels { get; set; }

    public int Height { get; set; }

    public int Width { get; set; }

    public int Classes { get; set; }

    public int TrainSamples { get; set; }
}
