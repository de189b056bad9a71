using LRBench.Schedules.Specs;

namespace LRBench.Studies.Analysis;

/// <summary>How to sweep the learning rate.</summary>
public sealed record RangeTestOptions
{
    /// <summary>The LR of the first step.</summary>
    public double StartLr { get; init; } = 1e-5;

    /// <summary>The LR of the last step.</summary>
    public double EndLr { get; init; } = 1.0;

    /// <summary>Steps of the sweep (the paper and Smith use a few epochs; fastai 100 batches).</summary>
    public long Steps { get; init; } = 300;

    /// <summary>Exponential (fastai) or linear (Smith 2017) growth from start to end.</summary>
    public bool Linear { get; init; }

    /// <summary>Smoothing of the loss: a debiased exponential moving average with this beta (fastai: 0.98).</summary>
    public double Beta { get; init; } = 0.98;

    /// <summary>Stop when the smoothed loss exceeds this multiple of the best so far (fastai: 4).</summary>
    public double DivergenceFactor { get; init; } = 4;

    /// <summary>The sweep as a policy spec reaching EndLr at the last step: seed 002's exponential warm-up, or Smith's TRI rising over the whole sweep.</summary>
    public PolicySpec Spec()
    {
        var length = new NumberValue(Math.Max(1, Steps - 1));
        return Linear
            ? new PolicySpec("TRI", [new("k0", new NumberValue(StartLr)), new("k1", new NumberValue(EndLr)), new("l", length)])
            : new PolicySpec("exp_warmup", [new("min_lr", new NumberValue(StartLr)), new("max_lr", new NumberValue(EndLr)), new("length", length)]);
    }
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(StartLr > 0) || !(EndLr > StartLr)) throw new ArgumentException($"the sweep needs 0 < start < end, got start {StartLr} and end {EndLr}");
        if (Steps < 20) throw new ArgumentException($"a range test needs at least 20 steps, got {Steps}");
        if (!(Beta >= 0 && Beta < 1)) throw new ArgumentException($"beta must be in [0, 1), got {Beta}");
        if (!(DivergenceFactor > 1)) throw new ArgumentException($"the divergence factor must be > 1, got {DivergenceFactor}");
    }
}
