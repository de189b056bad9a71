using System.Globalization;
using LRBench.Schedules;

namespace LRBench.Training.Tensors;

/// <summary>
/// Models train in float32, whose largest value is about 3.4e38: a rate or setting that passes the spec checks (finite
/// doubles up to 1e300) but not this range ends in TorchSharp's "cannot be converted to type float without
/// overflow" halfway through the first step. It is refused before training instead, naming the value.
/// </summary>
internal static class Float32Range
{
    public const double Max = float.MaxValue;

    /// <summary>Steps of a long run checked, evenly spaced (and the last): enough to find a rate that grows out of range.</summary>
    private const long CheckedSteps = 100_000;

    public static void Require(double value, string what)
    {
        if (Math.Abs(value) > Max)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{what} is {value:G4}, beyond float32's range (at most {Max:G4}); models train in float32"));
    }

    /// <summary>The schedule's rate at the run's steps (every step of a short run; evenly spaced ones of a long one) within float32.</summary>
    public static void RequireRates(Schedule schedule, long totalSteps, string policy)
    {
        if (schedule is AdaptiveSchedule) return; // its rate follows the loss, bounded by its own settings
        long count = Math.Min(totalSteps, CheckedSteps);
        for (long i = 0; i < count; i++)
        {
            long step = totalSteps <= CheckedSteps ? i : i == count - 1 ? totalSteps - 1 : (long)(i * ((double)(totalSteps - 1) / (count - 1)));
            double lr = schedule.LearningRate(step);
            if (lr > Max)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{policy}: the learning rate at step {step} would be {lr:G4}, beyond float32's range (at most {Max:G4}); models train in float32"));
        }
    }
}
