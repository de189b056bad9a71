using System.Globalization;

namespace LRBench.Schedules.Specs;

/// <summary>
/// The last check of a compiled policy: its learning rate is finite and non-negative (and its momentum finite) at
/// every step of the run it was compiled for, or it is refused before anything runs. Parameter ranges catch the
/// usual causes by name (a subnormal length, a huge factor); this catches what only their combination causes.
/// </summary>
internal static class ScheduleCheck
{
    /// <summary>Runs longer than this are checked at this many evenly spaced steps (and the last); shorter ones at every step.</summary>
    public const long MaxCheckedSteps = 1_000_000;

    /// <summary>Steps checked when the run length is not known.</summary>
    public const long UnknownRunSteps = 100_000;

    public static void RequireFiniteRates(string policy, Schedule schedule, RunClock clock)
    {
        // An adaptive policy's rate comes from the loss it sees, bounded by its own settings; the preview is not the run.
        if (schedule is AdaptiveSchedule) return;
        long total = clock.TotalSteps is long t && t > 0 ? t : UnknownRunSteps;
        long count = Math.Min(total, MaxCheckedSteps);
        for (long i = 0; i < count; i++) Check(policy, schedule, StepAt(i));

        // Every step of a short run; evenly spaced ones of a long run, its last step included (spaced in double, so that
        // nothing overflows near long.MaxValue).
        long StepAt(long i) =>
            total <= MaxCheckedSteps ? i
            : i == count - 1 ? total - 1
            : (long)(i * ((double)(total - 1) / (count - 1)));
    }

    private static void Check(string policy, Schedule schedule, long step)
    {
        double lr = schedule.LearningRate(step);
        if (!double.IsFinite(lr) || lr < 0)
        {
            throw new SpecException(
                $"{policy}: the learning rate at step {step} would be {Format(lr)}; a policy's rate must be finite and >= 0 at every step of the run (check the parameters that scale, divide or exponentiate it)");
        }

        if (schedule.CyclesMomentum && schedule.Momentum(step) is double momentum && !double.IsFinite(momentum))
            throw new SpecException($"{policy}: the momentum at step {step} would be {Format(momentum)}; it must be finite");
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
