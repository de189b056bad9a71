using System.Globalization;
using System.Text;
using LRBench.Reporting;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Reports;

/// <summary>Writes a range test as range-test.csv (every step) and range-test.png (loss against LR, suggestions marked).</summary>
public static class RangeTestReport
{
    public static (string Png, string Csv) Write(RangeTestResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string csv = Path.Combine(directory, "range-test.csv");
        var sb = new StringBuilder("step,lr,loss,smoothed_loss\n");
        for (int i = 0; i < result.LearningRates.Count; i++)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{i},{result.LearningRates[i]:R},{result.Losses[i]:R},{result.Smoothed[i]:R}\n"));
        File.WriteAllText(csv, sb.ToString());

        string png = Path.Combine(directory, "range-test.png");
        var (series, options) = Chart(result);
        LineChart.Save(series, png, options);
        return (png, csv);
    }

    /// <summary>The range test's chart as SVG (the dashboard embeds it).</summary>
    public static string Svg(RangeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (series, options) = Chart(result);
        return LineChart.Svg(series, options with { Width = 900, Height = 420 });
    }

    /// <summary>
    /// The range test as an interactive chart (the dashboard draws it with uPlot): loss and smoothed loss against the
    /// LR on a log axis, the suggestions as labelled vertical lines, the same points as the PNG and SVG.
    /// </summary>
    public static WebChart Web(RangeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (series, options) = Chart(result);
        return WebChart.From("range-test", series, options, logToggle: true) with { Points = false };
    }

    /// <summary>Loss and smoothed loss against the LR (log scale), with the suggestions marked.</summary>
    private static (IReadOnlyList<ChartSeries> Series, ChartOptions Options) Chart(RangeTestResult result)
    {
        // Leave out the blow-up at the end: it would squash the interesting part of the curve into a flat line.
        double ceiling = 1.5 * result.Smoothed.Take(Math.Max(1, result.Smoothed.Count / 10)).Where(double.IsFinite).DefaultIfEmpty(double.MaxValue).Max();
        var shown = Enumerable.Range(0, result.LearningRates.Count).Where(i => double.IsFinite(result.Losses[i]) && result.Losses[i] <= ceiling).ToList();
        return (
            [
                new ChartSeries("loss", [.. shown.Select(i => result.LearningRates[i])], [.. shown.Select(i => result.Losses[i])]),
                new ChartSeries("smoothed loss", [.. shown.Select(i => result.LearningRates[i])], [.. shown.Select(i => result.Smoothed[i])]),
            ],
            new ChartOptions
            {
                Title = "LR range test",
                XLabel = "learning rate",
                YLabel = "training loss",
                LogX = true,
                Markers = [.. result.Suggestions.Select(s => ($"{s.Name} {s.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}", s.LearningRate))],
            });
    }

}
