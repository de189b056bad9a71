using LRBench.Training.Metrics;
using LRBench.Training.Settings;

namespace LRBench.Training.Engine;

/// <summary>Where a run is and what it has measured so far: the trainer's working state, saved as is in checkpoints.</summary>
internal sealed class RunProgress
{
    public long Step { get; set; }

    /// <summary>Sum and count of the training losses since the last evaluation (for the next evaluation's train loss).</summary>
    public double LossSum { get; set; }

    public long LossCount { get; set; }

    /// <summary>Wall seconds of earlier sessions (updated when a checkpoint is written).</summary>
    public double WallSeconds { get; set; }

    public double ComputeSeconds { get; set; }

    public double EvaluationSeconds { get; set; }

    public List<EvaluationPoint> Evaluations { get; set; } = [];

    public List<TracePoint> Trace { get; set; } = [];

    public List<EnsemblePoint> Ensembles { get; set; } = [];

    /// <summary>The snapshot step this run was started from (<see cref="TrainingOptions.StartFrom"/>), or null.</summary>
    public long? StartedFromStep { get; set; }
}
