using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>
/// The settings of a schedule-free optimizer (<see cref="ScheduleFreeSgd"/>, <see cref="ScheduleFreeAdamW"/>), named
/// after the authors' package, and the group's progress through its run: the step count, the running sum of the
/// average's weights and the largest LR so far. The progress is saved with the group, so a checkpoint resumes exactly.
/// </summary>
public class ScheduleFreeOptions : TorchOptions
{
    /// <summary>SGD's momentum or AdamW's beta1: where y sits between the average x and the SGD sequence z (0 &lt; value &lt; 1).</summary>
    public double? Momentum { get; set; } = 0.9;

    /// <summary>AdamW's beta2 (the second-moment average); unused by SGD.</summary>
    public double? Beta2 { get; set; } = 0.999;

    /// <summary>AdamW's epsilon; unused by SGD.</summary>
    public double? Epsilon { get; set; } = 1e-8;

    /// <summary>Weight decay, applied to the gradient at y (the authors' choice for both optimizers).</summary>
    public double? WeightDecay { get; set; } = 0;

    /// <summary>Steps of the optimizer's own linear warm-up: step k uses lr x min(1, (k+1) / WarmupSteps).</summary>
    public long? WarmupSteps { get; set; } = 0;

    /// <summary>The authors' r: step k's weight in the average grows as (k+1)^r.</summary>
    public double? R { get; set; } = 0;

    /// <summary>The authors' weight_lr_power: the average's weights grow with the largest LR so far raised to this power.</summary>
    public double? WeightLrPower { get; set; } = 2;

    /// <summary>Steps taken by this group (the authors' k).</summary>
    public long StepsTaken { get; internal set; }

    /// <summary>The sum of the average's weights so far.</summary>
    public double WeightSum { get; internal set; }

    /// <summary>The largest LR (after warm-up) used so far; -1 before the first step.</summary>
    public double LargestLearningRate { get; internal set; } = -1;

    /// <summary>The LR (after warm-up) the last step used (the authors' scheduled_lr).</summary>
    public double ScheduledLearningRate { get; internal set; }

    /// <summary>True while the parameters hold y (training); false while they hold the average x (evaluating, saving).</summary>
    public bool TrainMode { get; internal set; } = true;

    internal ScheduleFreeOptions Copy() => (ScheduleFreeOptions)MemberwiseClone();

    internal void Validate(bool adaptive)
    {
        Require(LearningRate >= 0, $"learning rate must be >= 0, got {LearningRate}");
        Require(Momentum is > 0 and < 1, $"{(adaptive ? "beta1" : "momentum")} must be between 0 and 1 (exclusive) for a schedule-free optimizer, got {Momentum}");
        Require(!adaptive || Beta2 is >= 0 and < 1, $"beta2 must be in [0, 1), got {Beta2}");
        Require(!adaptive || Epsilon > 0, $"epsilon must be > 0, got {Epsilon}");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay.Value), $"weight decay must be >= 0, got {WeightDecay}");
        Require(WarmupSteps >= 0, $"warm-up steps must be >= 0, got {WarmupSteps}");
        Require(R >= 0 && double.IsFinite(R.Value), $"r must be >= 0, got {R}");
        Require(WeightLrPower >= 0 && double.IsFinite(WeightLrPower.Value), $"weight_lr_power must be >= 0, got {WeightLrPower}");
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        base.SaveStateDict(writer);
        foreach (double v in new[] { Momentum!.Value, Beta2!.Value, Epsilon!.Value, WeightDecay!.Value, R!.Value, WeightLrPower!.Value }) writer.Write(v);
        writer.Write(WarmupSteps!.Value);
        writer.Write(StepsTaken);
        writer.Write(WeightSum);
        writer.Write(LargestLearningRate);
        writer.Write(ScheduledLearningRate);
        writer.Write(TrainMode);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        base.LoadStateDict(reader);
        Momentum = reader.ReadDouble();
        Beta2 = reader.ReadDouble();
        Epsilon = reader.ReadDouble();
        WeightDecay = reader.ReadDouble();
        R = reader.ReadDouble();
        WeightLrPower = reader.ReadDouble();
        WarmupSteps = reader.ReadInt64();
        StepsTaken = reader.ReadInt64();
        WeightSum = reader.ReadDouble();
        LargestLearningRate = reader.ReadDouble();
        ScheduledLearningRate = reader.ReadDouble();
        TrainMode = reader.ReadBoolean();
    }

    /// <inheritdoc />
    public override void LoadStateDict(TorchOptions source)
    {
        base.LoadStateDict(source);
        if (source is not ScheduleFreeOptions o) return;
        (Momentum, Beta2, Epsilon, WeightDecay, R, WeightLrPower, WarmupSteps) = (o.Momentum, o.Beta2, o.Epsilon, o.WeightDecay, o.R, o.WeightLrPower, o.WarmupSteps);
        (StepsTaken, WeightSum, LargestLearningRate, ScheduledLearningRate, TrainMode) = (o.StepsTaken, o.WeightSum, o.LargestLearningRate, o.ScheduledLearningRate, o.TrainMode);
    }
}
