using LRBench.Adaptive.Gp;
using LRBench.Schedules;

namespace LRBench.Adaptive;

/// <summary>Everything an <see cref="AutoWu"/> run has seen and decided: what a checkpoint stores.</summary>
public sealed class AutoWuState
{
    public long Steps { get; set; }

    public AutoWuPhase Phase { get; set; }

    public double LearningRate { get; set; }

    public double? RestartLr { get; set; }

    public long? SwitchedAfterStep { get; set; }

    public double PhaseStartLr { get; set; }

    public long PhaseStartStep { get; set; }

    public long PhaseLength { get; set; }

    /// <summary>Losses of the completed test periods (non-finite ones included: they keep their place on the x axis).</summary>
    public List<double> History { get; set; } = [];

    /// <summary>Losses of the test period in progress.</summary>
    public List<double> EpochLosses { get; set; } = [];

    /// <summary>The outcomes of the last Patience tests, oldest first.</summary>
    public List<bool> Recent { get; set; } = [];

    public List<AutoWuTest> Tests { get; set; } = [];

    public List<PolicyEvent> Events { get; set; } = [];

    public RegressorState Regressor { get; set; } = new([0, 0, 0], [0, 0, 0], [0, 0, 0], 0);
}
