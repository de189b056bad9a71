namespace LRBench.Training.Data;

/// <summary>What data to train on and how to prepare it.</summary>
public sealed record DataOptions
{
    /// <summary>fashion-mnist (default), mnist, mnist-digits, cifar10 or synthetic.</summary>
    public string Dataset { get; init; } = "fashion-mnist";

    /// <summary>Where the files are; each data set has a default (see <see cref="DataCatalogue"/>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Train on a seeded random subset of this many training images.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Evaluate on a seeded random subset of this many images.</summary>
    public int? EvaluationLimit { get; init; }

    /// <summary>Hold out this fraction of the training images (stratified, seeded) and evaluate on it instead of the test set.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Standardise each channel with the training images' mean and std.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Seed for splits and subsets (the data seed; the trainer passes its own seed).</summary>
    public long Seed { get; init; }
}
