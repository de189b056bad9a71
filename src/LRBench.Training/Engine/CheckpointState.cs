using LRBench.Training.Driving;

namespace LRBench.Training.Engine;

/// <summary>The non-tensor part of a checkpoint.</summary>
internal sealed record CheckpointState
{
    /// <summary>
    /// 4: state.json holds the SHA-256 of model.bin and optimizer.bin. 3: SGD, Adam, AdamW and RMSprop state is our
    /// optimizers' (no longer TorchSharp's); ResNet batch norm keeps no batch count. Version 3 is still read.
    /// </summary>
    public const int CurrentVersion = 4;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>SHA-256 of model.bin, hex; null in version 3.</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>SHA-256 of optimizer.bin, hex; null in version 3.</summary>
    public string? OptimizerSha256 { get; init; }

    /// <summary>The options that produced the run (minus where checkpoints go and thread count), as JSON; a resume must match.</summary>
    public required string Fingerprint { get; init; }

    public required PolicyDriverState Driver { get; init; }

    public required RunProgress Progress { get; init; }
}
