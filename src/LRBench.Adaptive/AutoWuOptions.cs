namespace LRBench.Adaptive;

/// <summary>AutoWU's settings; the defaults are the original implementation's (reference notes, section 1.1).</summary>
public sealed record AutoWuOptions
{
    public double MinLr { get; init; } = 1e-5;

    public double MaxLr { get; init; } = 1.0;

    /// <summary>rho: the warm-up ends at the latest after this fraction of the run.</summary>
    public double MaxWarmupFraction { get; init; } = 0.5;

    /// <summary>Linear growth instead of exponential (the paper's ablation).</summary>
    public bool LinearWarmup { get; init; }

    /// <summary>Consecutive positive epoch tests needed to end the warm-up.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Predictions per test; a test is positive when more than half of them are confident.</summary>
    public int Tests { get; init; } = 5;

    public double Confidence { get; init; } = 0.95;

    public double LengthScale { get; init; } = 0.2;

    /// <summary>The last fraction of the run is a cosine to zero.</summary>
    public double CooldownFraction { get; init; } = 0.2;

    /// <summary>True: cosine from the restart LR straight to zero; false: constant, then cosine over the last 20%.</summary>
    public bool ImmediateCooldown { get; init; }

    public int FitPoints { get; init; } = 100;

    public int FitIterations { get; init; } = 100;

    public double FitLearningRate { get; init; } = 0.01;

    public int PredictPoints { get; init; } = 500;

    public int GridPoints { get; init; } = 500;

    /// <summary>Seed of the subsampling; the draws of test i, prediction k are keyed by (seed, i, k), so a resumed run draws the same.</summary>
    public long Seed { get; init; }
}
