namespace LRBench.Training.Engine;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Trained for the whole budget.</summary>
    Completed,
    /// <summary>The training loss became NaN or infinite; the run stopped at <see cref="TrainingResult.DivergedAtStep"/>.</summary>
    Diverged,
    /// <summary>Cancelled before the end; a checkpoint was written if a directory was given.</summary>
    Interrupted,
}
