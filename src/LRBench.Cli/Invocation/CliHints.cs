namespace LRBench.Cli.Invocation;

/// <summary>
/// The library's messages name its own settings (a run clock's StepsPerEpoch, TotalSteps and BaseLearningRate, a
/// checkpoint directory, a runner's output directory); on the command line those are flags, so the tool says the flag.
/// </summary>
internal static class CliHints
{
    private static readonly (string Library, string Flag)[] Settings =
    [
        ("the clock's BaseLearningRate; PolicyDriver.Create takes it from the optimizer", "--lr"),
        ("the clock's StepsPerEpoch", "--steps-per-epoch"),
        ("the clock's TotalSteps", "--steps"),
        ("start over (delete the checkpoint directory, or train with resume: false) or train into another checkpoint directory",
            "start over with --start-over (which deletes the checkpoint) or train into another --out"),
        ("or use another checkpoint directory", "or use another --out"),
        ("(the study's target_accuracy)", "(target_accuracy in the study file)"),
        ("another output directory (RunnerOptions.OutputDirectory)", "another output folder (--out)"),
        ("(a store is made by running or submitting a study)", "(run a study first: lrbench study run FILE; or check --store)"),
        ("the data directory (DataOptions.DataDirectory)", "--data-dir"),
        ("use the data set mnist-digits", "use --dataset mnist-digits"),
        ("(RunnerOptions.OutputDirectory)", "(--out)"),
        ("(RunnerOptions.TensorBoardDirectory)", "(--tensorboard)"),
        ("(RunnerOptions.Parallel)", "(--parallel)"),
        ("(RunnerOptions.ThreadsPerTrial)", "(--threads)"),
    ];

    /// <summary>A library message with each setting it names replaced by its command-line flag.</summary>
    public static string ForCommandLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (library, flag) in Settings) message = message.Replace(library, flag, StringComparison.Ordinal);
        return message;
    }
}
