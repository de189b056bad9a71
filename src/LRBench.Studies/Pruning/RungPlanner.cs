using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Pruning;

/// <summary>
/// Places a pruner's rungs on one trial's run, in steps, where the pruner says it judges (ASHA at min_resource x eta^k,
/// the median and percentile rules at every evaluation after their warm-up), each before the run's last step.
/// With fair rungs, each rung is moved to a low-LR point of the trial's own schedule (<see cref="FairRungs"/>).
/// </summary>
public static class RungPlanner
{
    /// <summary>Longer windows than this are not scanned for a cycle end (a probe judges them instead).</summary>
    private const long MaxScannedWindow = 2_000_000;

    /// <summary>
    /// The rung steps of a run (its length is the clock's total steps): empty when none fits before the end, which the
    /// planner reports as a study-file error (a pruner needs an evaluation before the end).
    /// </summary>
    /// <param name="pruner">The study's pruner.</param>
    /// <param name="clock">The run's clock (epoch length, total steps).</param>
    /// <param name="evaluationInterval">Steps between the run's regular evaluations (evaluation k at ceil(k x interval)).</param>
    public static IReadOnlyList<long> RungSteps(PrunerDefinition pruner, RunClock clock, double evaluationInterval)
    {
        ArgumentNullException.ThrowIfNull(pruner);
        ArgumentNullException.ThrowIfNull(clock);
        long total = clock.TotalSteps ?? throw new ArgumentException("the clock must know the run's length", nameof(clock));
        double min = Math.Max(1, clock.ToSteps(pruner.MinResource, "pruner.min_resource"));
        return Pruners.For(pruner).RungSteps(total, min, evaluationInterval);
    }

    /// <summary>
    /// The rungs of one trial. Without fair rungs each is judged at its own step. With them, each rung's window runs
    /// from the previous rung (exclusive) to it (inclusive); the trial is judged at the last cycle end in that window,
    /// or, when there is none (a decaying policy, an adaptive one whose LR is not known in advance, a window too long
    /// to scan), after a probe anneal from the rung.
    /// </summary>
    /// <param name="rungSteps">From <see cref="RungSteps"/>.</param>
    /// <param name="learningRate">The LR the trial's step i uses; null for an adaptive policy.</param>
    /// <param name="fair">The fair-rung setting, or null.</param>
    /// <param name="probeSteps">The probe's length in steps (from <see cref="FairRungs.Anneal"/>).</param>
    public static IReadOnlyList<Rung> Place(IReadOnlyList<long> rungSteps, Func<long, double>? learningRate, FairRungs? fair, long probeSteps)
    {
        ArgumentNullException.ThrowIfNull(rungSteps);
        var rungs = new List<Rung>();
        long previous = 0;
        for (int i = 0; i < rungSteps.Count; i++)
        {
            long step = rungSteps[i];
            if (fair is null) rungs.Add(new Rung(i, step, step, 0));
            else if (learningRate is not null && LastCycleEnd(learningRate, previous, step) is long end) rungs.Add(new Rung(i, step, end, 0));
            else rungs.Add(new Rung(i, step, step, Math.Max(1, probeSteps)));
            previous = step;
        }

        return rungs;
    }

    /// <summary>
    /// The last n in (from, to + 1] after which the schedule is at a cycle end: the LR of step n - 1 is the lowest of
    /// steps from..to, it fell to it (the run's first step is no cycle end) and rises at step n, and the window's
    /// highest LR is at least twice it (a real cycle, not a flat or slowly decaying stretch). n may be one past the
    /// rung: a cycle that bottoms out on the rung's last step ends one step later. Null when there is none.
    /// </summary>
    internal static long? LastCycleEnd(Func<long, double> learningRate, long from, long to)
    {
        if (to - from > MaxScannedWindow || to <= from) return null;
        int length = (int)(to - from);
        var lr = new double[length + 2]; // lr[j] is the LR of step from + j, for steps from..to + 1
        for (int j = 0; j < lr.Length; j++) lr[j] = learningRate(from + j);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int j = 0; j <= length; j++)
        {
            low = Math.Min(low, lr[j]);
            high = Math.Max(high, lr[j]);
        }

        if (!(high >= 2 * low) || !(high > 0)) return null;
        double tolerance = 1e-9 * high;
        for (int j = length; j >= 0; j--)
        {
            double before = j > 0 ? lr[j - 1] : from > 0 ? learningRate(from - 1) : double.NaN;
            if (lr[j] <= low + tolerance && lr[j + 1] > lr[j] + tolerance && before > lr[j] + tolerance) return from + j + 1;
        }

        return null;
    }
}
