namespace LRBench.Schedules.Transformers;

/// <summary>get_constant_schedule: the optimizer's LR, unchanged (a LambdaLR whose lambda is 1).</summary>
public sealed class ConstantSchedule(double baseLr) : LambdaSchedule(baseLr)
{
    /// <inheritdoc />
    public override double Multiplier(long step) => 1;
}
