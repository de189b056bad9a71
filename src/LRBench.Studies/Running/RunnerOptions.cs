using LRBench.Training.Settings;

namespace LRBench.Studies.Running;

/// <summary>How a study is run on this machine.</summary>
public sealed record RunnerOptions
{
    /// <summary>Trials trained at once in this process. Default: one per core, each single-threaded (faster here than one 2-thread trial at a time in 6 of 8 paired runs; docs/benchmarks.md).</summary>
    public int Parallel { get; init; } = Environment.ProcessorCount;

    /// <summary>TorchSharp threads per trial; default cores / parallel (at least 1).</summary>
    public int? ThreadsPerTrial { get; init; }

    /// <summary>Where trial checkpoints and artifacts go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>This worker's name in the store: host:pid:random by default.</summary>
    public string Worker { get; init; } = WorkerIdentity.New();

    /// <summary>How long a claim lasts without a heartbeat before another worker may take the trial over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A trial that fails this many times (errors, not divergence) is marked failed.</summary>
    public int MaxFailures { get; init; } = 3;

    /// <summary>A trial whose workers die or lose their lease this many times is marked failed.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// When nothing is claimable but other workers still hold trials, wait and claim again (taking over any whose lease
    /// expires) instead of returning: what a worker on a shared store does, so no trial is left behind.
    /// </summary>
    public bool WaitForOthers { get; init; }

    /// <summary>How often a waiting worker looks for claimable trials.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs each claimed trial in a child process instead of in this one (null: in this process). A trial that
    /// crashes its process (a native fault, the OOM killer) then costs that trial one failure, not the worker.
    /// </summary>
    public ITrialProcessLauncher? TrialProcesses { get; init; }

    /// <summary>
    /// Where this worker computes, whatever the study file says (<c>task.device</c>): the device is not part of a
    /// trial's identity, so workers on different machines may differ. Null keeps each trial's own.
    /// </summary>
    public ComputeDevice? Device { get; init; }

    /// <summary>
    /// Where TensorBoard event files go (<see cref="LRBench.Training.Tracking.TensorBoardObserver"/>): one folder per
    /// study, and in it one per trial, named after its label, method and seed (and the start of its key, so that no two
    /// trials share one); null writes none.
    /// </summary>
    public string? TensorBoardDirectory { get; init; }

    /// <summary>
    /// Where trials get their model and data: the built-in tasks, and the user's own added by name. One catalog is
    /// shared by the copies <c>with</c> makes, so data loads once per process.
    /// </summary>
    public TaskCatalog Tasks { get; init; } = new();

    /// <summary>The clock for heartbeats and polling (and, through the store, leases); tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Keep each running trial's latest checkpoint in the store as well as in its folder (<c>--checkpoints store</c>),
    /// so that a worker on another machine, which cannot see this one's folders, resumes it from where it stopped.
    /// </summary>
    public bool StoreCheckpoints { get; init; }
}
