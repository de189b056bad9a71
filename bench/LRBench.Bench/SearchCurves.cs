using System.Globalization;
using LRBench.Reporting;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using LRBench.Studies.Model.Results;
using LRBench.Training.Settings;

namespace LRBench.Bench;

/// <summary>
/// Best top-1 so far against the epochs a study has spent, one line per study (a grid, a random and a Bayesian
/// search, say): trials in the order they finished, each adding its trained epochs.
/// </summary>
internal static class SearchCurves
{
    /// <summary><c>search-curves OUT.png STORE...</c>: each STORE a SQLite file; prints the table and writes the plot.</summary>
    public static int Report(string png, IEnumerable<string> stores)
    {
        var series = new List<ChartSeries>();
        Console.WriteLine("| study | settings | epochs | best top-1 | best setting | best after (epochs) |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|");
        foreach (string path in stores)
        {
            using var store = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + path));
            var tasks = store.Results.Tasks();
            foreach (var study in store.Results.Studies())
            {
                var best = store.Results.Evaluations(study.Id).GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.Max(e => e.Top1));
                var finished = store.Results.Trials(study.Id).Where(t => t.FinishedAt is not null).OrderBy(t => t.FinishedAt, StringComparer.Ordinal).ThenBy(t => t.Ordinal).ToList();
                var x = new List<double> { 0 };
                var y = new List<double> { double.NaN };
                double epochs = 0, top = double.NaN, topAt = 0;
                string topLabel = "";
                foreach (var t in finished)
                {
                    var task = tasks.First(k => k.Id == t.TaskId);
                    epochs += (t.Steps ?? 0) / (double)task.StepsPerEpoch;
                    if (best.TryGetValue(t.Id, out double b) && !(b <= top))
                    {
                        top = b;
                        topAt = epochs;
                        topLabel = t.Label;
                    }

                    x.Add(epochs);
                    y.Add(top * 100);
                }

                series.Add(new ChartSeries(study.Name, x.Skip(1).ToList(), y.Skip(1).ToList()) { Markers = true });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {study.Name} | {finished.Count} | {epochs:0} | {top * 100:0.00} | {topLabel} | {topAt:0} |"));
            }
        }

        LineChart.Save(series, png, new ChartOptions { Title = "best top-1 so far against epochs spent", XLabel = "epochs trained", YLabel = "best top-1 (%)", LegendLowerRight = true });
        Console.WriteLine($"plot: {png}");
        return 0;
    }
}
