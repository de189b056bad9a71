using System.Globalization;
using LRBench.Adaptive;
using LRBench.Reporting;
using LRBench.Training.Engine;

namespace LRBench.Cli.Commands;

/// <summary>
/// The picture of an AutoWU run: the LR it chose, step by step, and the warm-up's training losses with the GP's
/// predictive mean and 2-sigma band of the last test (the one that ended the warm-up), x* marked.
/// </summary>
internal static class AutoWuChart
{
    /// <summary>Writes the chart and returns a one-line summary, or null when the run's policy was not AutoWU.</summary>
    public static string? Save(Trainer trainer, TrainingResult result, string path)
    {
        if (trainer.Schedule is not AutoWuSchedule schedule || result.PolicyState is null) return null;
        var auto = (AutoWu)schedule.Start();
        auto.RestoreState(result.PolicyState);
        var markers = auto.SwitchedAfterStep is long s ? new List<(string, double)> { ("warm-up ended", s) } : [];
        var lrPanel = new ChartPanel(
            [new ChartSeries("learning rate", [.. result.Trace.Select(t => (double)t.Step)], [.. result.Trace.Select(t => t.LearningRate)])],
            new ChartOptions { Title = $"AutoWU on {result.Plan.Dataset}, {result.Plan.Model}, batch {result.Plan.BatchSize}", YLabel = "learning rate", LogY = true, XLabel = "iteration", Markers = markers });

        var panels = new List<ChartPanel> { lrPanel };
        var prediction = auto.LastTestPrediction();
        string summary = auto.RestartLr is double r
            ? string.Create(CultureInfo.InvariantCulture, $"AutoWU: warm-up of {auto.SwitchedAfterStep} steps ({(double)auto.SwitchedAfterStep! / result.Plan.StepsPerEpoch:0.##} epochs), restart LR {r:G4}, {auto.Tests.Count} tests")
            : result.Status == RunStatus.Diverged
                ? string.Create(CultureInfo.InvariantCulture, $"AutoWU: the loss diverged at step {result.DivergedAtStep} (LR {result.Trace[^1].LearningRate:G4}), before {auto.Tests.Count} tests had confirmed a minimum")
                : "AutoWU: the warm-up had not ended when the run stopped";
        if (prediction is not null)
        {
            int n = auto.History.Count;
            var x = prediction.X.Select(v => v * n).ToArray();
            var sd = Enumerable.Range(0, x.Length).Select(i => Math.Sqrt(Math.Max(prediction.Variance[i], 0))).ToArray();
            panels.Add(new ChartPanel(
                [
                    new ChartSeries("mini-batch loss", [.. Enumerable.Range(0, n).Select(i => (double)i)], [.. auto.History]) { PointsOnly = true },
                    new ChartSeries("GP mean (last test)", x, prediction.Mean),
                ],
                new ChartOptions
                {
                    Title = "warm-up losses and the GP of the last test",
                    XLabel = "iteration",
                    YLabel = "training loss",
                    Markers = [("x* (restart LR)", prediction.ArgMinX * n)],
                    YRange = LossRange(auto.History, prediction, sd),
                    Bands = [new ChartBand("GP mean +- 2 sd", x, [.. prediction.Mean.Select((m, i) => m - (2 * sd[i]))], [.. prediction.Mean.Select((m, i) => m + (2 * sd[i]))])],
                }));
        }

        PanelChart.Save(panels, path);
        return summary;
    }

    /// <summary>
    /// The loss axis: the GP's band and the bulk of the losses (up to their 99th percentile), with a margin. A spike
    /// of thousands just before a divergence would otherwise squash the curve the test read into a flat line.
    /// </summary>
    private static (double Low, double High) LossRange(IReadOnlyList<double> losses, LRBench.Adaptive.Gp.GpPrediction prediction, double[] sd)
    {
        var finite = losses.Where(double.IsFinite).Order().ToList();
        double bulk = finite.Count > 0 ? finite[(int)Math.Floor(0.99 * (finite.Count - 1))] : 0;
        double high = Math.Max(bulk, prediction.Mean.Select((m, i) => m + (2 * sd[i])).Max());
        double low = Math.Min(finite.Count > 0 ? finite[0] : 0, prediction.Mean.Select((m, i) => m - (2 * sd[i])).Min());
        double margin = 0.1 * (high - low);
        return (low - margin, high + margin);
    }
}
