using LRBench.Adaptive;
using LRBench.Cli.Commands;
using LRBench.Schedules;

namespace LRBench.Cli.Tests;

/// <summary>`schedule plot` keeps a bounded envelope of every step, not every value, and draws a bounded number of policies.</summary>
public sealed class PlotEnvelopeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_envelope_of_a_long_triangular_cycle_holds_its_exact_peaks_and_troughs_in_bounded_points()
    {
        // TRI(k0=0.01, k1=0.1, l=1000): a triangle from 0.01 up to 0.1 over 1000 steps and back. Over 10,000,000
        // steps a bucket of 2,500 steps holds at least one full half-cycle, so each bucket's extremes are exact.
        var schedule = Policies.Registry.Compile("TRI(k0=0.01, k1=0.1, l=1000)", RunClock.None);
        var (steps, rates) = ScheduleCommand.Envelope(schedule, 10_000_000, ScheduleCommand.PlotBuckets);
        Assert.InRange(steps.Length, 2, 2 * ScheduleCommand.PlotBuckets);
        Assert.Equal(steps.Order(), steps);
        Assert.All(rates, r => Assert.True(Math.Abs(r - 0.01) < 1e-12 || Math.Abs(r - 0.1) < 1e-12, $"{r} is not a peak or trough"));
        Assert.Equal(ScheduleCommand.PlotBuckets, rates.Count(r => Math.Abs(r - 0.1) < 1e-12));
        for (int i = 0; i < steps.Length; i++) Assert.Equal(schedule.LearningRate((long)steps[i]), rates[i]);
    }

    [Fact]
    public void A_short_run_keeps_every_step()
    {
        var schedule = Policies.Registry.Compile("COS(k0=0.1, k1=0, l=500)", RunClock.None);
        var (steps, rates) = ScheduleCommand.Envelope(schedule, 500, ScheduleCommand.PlotBuckets);
        Assert.Equal(Enumerable.Range(0, 500).Select(t => (double)t), steps);
        Assert.Equal(schedule.LearningRates(500), rates);
    }

    [Fact]
    public void More_policies_than_a_chart_can_tell_apart_are_refused()
    {
        string[] args = ["schedule", "plot", "--steps", "10", "--out", Path.Combine(_dir, "many.svg"),
            .. Enumerable.Range(1, ScheduleCommand.MaxPlotSpecs + 1).SelectMany(i => new[] { "--spec", $"FIX(k0={i})" })];
        var (code, _, err) = Cli.Run(args);
        Cli.AssertBadInput(code, err, "at most 20 policies");
        Assert.False(File.Exists(Path.Combine(_dir, "many.svg")));

        var (ok, output, okErr) = Cli.Run("schedule", "plot", "--steps", "10000000", "--spec", "SIN2(k0=0.01, k1=0.1, l=2000)", "--out", Path.Combine(_dir, "long.svg"));
        Assert.True(ok == 0, okErr);
        Assert.Contains("wrote", output, StringComparison.Ordinal);
    }
}
