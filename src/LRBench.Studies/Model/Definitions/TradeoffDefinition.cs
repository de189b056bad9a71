using System.Globalization;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// A tradeoff study (seed 000): the schedule family and which curves to build. Durations are resolved to optimizer
/// steps once the data (and with it the epoch length) is known, so every curve samples exactly the same steps.
/// </summary>
public sealed record TradeoffDefinition
{
    public required double PeakLr { get; init; }

    /// <summary>Linear warm-up from 0 to the peak LR, shared by every curve.</summary>
    public required Duration Warmup { get; init; }

    /// <summary>The first cycle's period a.</summary>
    public required Duration FirstPeriod { get; init; }

    /// <summary>The growth factor r of the cycle periods.</summary>
    public double Factor { get; init; } = 2;

    /// <summary>How many durations are sampled (cycle ends of the cyclic run): n.</summary>
    public int Points { get; init; } = 5;

    /// <summary>The LR every cosine ends at.</summary>
    public double MinLr { get; init; }

    /// <summary>Which curves to build, from <see cref="CurveKinds.Requestable"/>.</summary>
    public IReadOnlyList<CurveKind> Curves { get; init; } = [CurveKind.Cyclic, CurveKind.Standard];

    /// <summary>Evaluate the one-run curves every epoch as well (to show the dips between cycle ends).</summary>
    public bool EvaluateEveryEpoch { get; init; } = true;

    /// <summary>The decaying-amplitude curve's factor on each cycle's peak.</summary>
    public double PeakDecay { get; init; } = 0.8;

    /// <summary>The fork-and-anneal curve's cool-down: fraction f of each duration, and its shape.</summary>
    public double ForkFraction { get; init; } = 0.2;

    public string ForkShape { get; init; } = "1-sqrt";

    /// <summary>Keep the model at each cycle end and evaluate ensembles of the last M snapshots (Huang et al. 2017).</summary>
    public bool Ensembles { get; init; } = true;

    /// <summary>
    /// The predicted cost ratio of the standard curve to the cyclic one for n points on a geometric grid:
    /// (r^n - 1) / ((r - 1) r^(n-1)), i.e. the sum of all durations over the longest one.
    /// </summary>
    public static double PredictedCostRatio(double r, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(r > 1)) throw new ArgumentOutOfRangeException(nameof(r), r, "the growth factor must be above 1");
        return (Math.Pow(r, n) - 1) / ((r - 1) * Math.Pow(r, n - 1));
    }

    /// <summary>Every duration in steps for an epoch of <paramref name="stepsPerEpoch"/> steps.</summary>
    public TradeoffSteps Resolve(long stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        long warmup = Steps(Warmup, stepsPerEpoch);
        double period = Steps(FirstPeriod, stepsPerEpoch);
        if (period < 1) throw new ArgumentException($"the first period {FirstPeriod} is less than one step");

        // Cycle ends: warm-up, then periods a, a r, ... (the same arithmetic as multiplicative_cyclic's CycleEnds).
        var ends = new List<long>();
        double end = warmup;
        for (int k = 0; k < Points; k++)
        {
            end += period;
            ends.Add((long)Math.Round(end));
            period *= Factor;
        }

        // Fork points: each duration minus its cool-down (rounded to whole steps), never inside the warm-up.
        var forks = ends.Select(e => e - (long)Math.Round(ForkFraction * e)).ToList();
        if (Curves.Contains(CurveKind.Fork) && forks[0] < warmup)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"a cool-down of {ForkFraction} of the first duration ({ends[0]} steps) would start at step {forks[0]}, inside the {warmup}-step warm-up; lower fork.fraction or lengthen the first period"));
        }

        return new TradeoffSteps(stepsPerEpoch, warmup, ends, forks);
    }

    private static long Steps(Duration d, long stepsPerEpoch) => d.Unit switch
    {
        TimeUnit.Epochs => (long)Math.Round(d.Value * stepsPerEpoch),
        TimeUnit.Steps => (long)Math.Round(d.Value),
        _ => throw new ArgumentException($"{d} must be in epochs or steps"),
    };

    /// <summary>
    /// The policy variants of every requested curve, in queue order: the one-run curves first (they are the longest),
    /// then the trunk, then standard runs and forks from the longest duration down.
    /// </summary>
    public IReadOnlyList<PolicyVariant> Variants(long stepsPerEpoch)
    {
        var s = Resolve(stepsPerEpoch);
        var list = new List<PolicyVariant>();
        var every = EvaluateEveryEpoch;

        PolicyVariant Variant(string label, PolicySpec spec, CurveRole role, PolicyVariant? startFrom = null) =>
            new(label, role.Curve.ToText(), spec, new Dictionary<string, string>
            {
                ["curve"] = role.Curve.ToText(),
                ["duration"] = role.Point is int k ? $"{s.Epochs(s.Ends[k]).ToString("0.###", CultureInfo.InvariantCulture)}ep" : "",
            }, 0)
            { Curve = role, StartFrom = startFrom };

        // Every curve's policy, built as a spec tree; the optional min_lr goes last, as a user would write it.
        PolicySpec Spec(string name, params SpecArgument[] arguments) =>
            new(name, MinLr > 0 ? [.. arguments, Argument("min_lr", MinLr)] : arguments);
        var cyclic = new[]
        {
            Argument("peak_lr", PeakLr), Steps("first_period", s.Ends[0] - s.Warmup), Argument("factor", Factor), Steps("warmup", s.Warmup),
        };
        if (Curves.Contains(CurveKind.Cyclic))
            list.Add(Variant("cyclic", Spec("multiplicative_cyclic", cyclic), new CurveRole(CurveKind.Cyclic, null, s.Ends[^1], s.Ends, Ensembles, every, stepsPerEpoch)));
        if (Curves.Contains(CurveKind.Decaying))
        {
            // The cyclic run's spec (min_lr included) with the peak's decay added at the end.
            var spec = new PolicySpec("multiplicative_cyclic", [.. Spec("multiplicative_cyclic", cyclic).Arguments, Argument("peak_decay", PeakDecay)]);
            list.Add(Variant($"decaying x{PeakDecay.ToString("R", CultureInfo.InvariantCulture)}", spec,
                new CurveRole(CurveKind.Decaying, null, s.Ends[^1], s.Ends, Ensembles, every, stepsPerEpoch)));
        }

        PolicyVariant? trunk = null;
        if (Curves.Contains(CurveKind.Fork))
        {
            var constant = new PolicySpec("wsd", [Argument("peak_lr", PeakLr), Steps("warmup", s.Warmup), Steps("decay", 0), Steps("length", s.Forks[^1])]);
            trunk = Variant("trunk (constant)", constant,
                new CurveRole(CurveKind.Trunk, null, s.Forks[^1], s.Forks, false, every, stepsPerEpoch) { Snapshots = true });
            list.Add(trunk);
        }

        for (int k = Points - 1; k >= 0; k--)
        {
            string d = s.Epochs(s.Ends[k]).ToString("0.###", CultureInfo.InvariantCulture);
            if (Curves.Contains(CurveKind.Standard))
            {
                list.Add(Variant($"standard {d}ep", Spec("warmup_cosine", Argument("peak_lr", PeakLr), Steps("warmup", s.Warmup), Steps("length", s.Ends[k])),
                    new CurveRole(CurveKind.Standard, k, s.Ends[k], [s.Ends[k]], false, false, stepsPerEpoch)));
            }

            if (trunk is not null)
            {
                var fork = Spec("wsd", Argument("peak_lr", PeakLr), Steps("warmup", s.Warmup), Steps("decay", s.Ends[k] - s.Forks[k]), Steps("length", s.Ends[k]),
                    new SpecArgument("decay_type", new TextValue(ForkShape)));
                list.Add(Variant($"fork {d}ep", fork,
                    new CurveRole(CurveKind.Fork, k, s.Ends[k], [s.Ends[k]], false, false, stepsPerEpoch) { StartFromStep = s.Forks[k] }, trunk));
            }
        }

        return list;
    }

    private static SpecArgument Argument(string name, double value) => new(name, new NumberValue(value));

    private static SpecArgument Steps(string name, long steps) => new(name, new DurationValue(Duration.Steps(steps)));
}
