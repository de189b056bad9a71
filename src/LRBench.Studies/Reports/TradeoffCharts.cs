using LRBench.Reporting;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Tradeoff;

namespace LRBench.Studies.Reports;

/// <summary>
/// The charts of a tradeoff report, in the order the report shows them: one method per chart, each collected as a
/// <see cref="TradeoffChart"/> and drawn to files (<see cref="WriteFiles"/>) or to interactive charts' data (<see cref="WebCharts"/>).
/// </summary>
internal sealed class TradeoffCharts(StudyRow study, TradeoffResult result)
{
    private static readonly string[] MethodColours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    private readonly List<string> methods = result.Points.Select(p => p.Method).Distinct().ToList();
    private readonly List<TradeoffChart> charts = [];

    /// <summary>Every chart collected so far.</summary>
    public IReadOnlyList<TradeoffChart> Charts => charts;

    private string Colour(string method) => MethodColours[Math.Max(0, methods.IndexOf(method)) % MethodColours.Length];

    /// <summary>Writes every chart to <paramref name="directory"/> as PNG and SVG (a panel's charts as one PNG); the files written, in order.</summary>
    public IReadOnlyList<string> WriteFiles(string directory)
    {
        var files = new List<string>();
        var panelsWritten = new HashSet<string>();
        foreach (var chart in charts)
        {
            if (chart.Panel is null)
            {
                string png = Path.Combine(directory, chart.Name + ".png");
                LineChart.Save(chart.Series, png, chart.Options);
                files.Add(png);
            }
            else if (panelsWritten.Add(chart.Panel))
            {
                string png = Path.Combine(directory, chart.Panel + ".png");
                PanelChart.Save([.. charts.Where(c => c.Panel == chart.Panel).Select(c => new ChartPanel(c.Series, c.Options))], png, panelHeight: 360);
                files.Add(png);
            }

            string svg = Path.Combine(directory, chart.Name + ".svg");
            LineChart.Save(chart.Series, svg, chart.Options);
            files.Add(svg);
        }

        return files;
    }

    /// <summary>Every chart as an interactive chart's data, in order.</summary>
    public IReadOnlyList<WebChart> WebCharts() => [.. charts.Select(c => WebChart.From(c.Name, c.Series, c.Options))];


    /// <summary>Accuracy against epochs trained, every curve of every method.</summary>
    public void AccuracyCurves()
    {
        var curveSeries = new List<ChartSeries>();
        foreach (var group in result.Points.Where(p => p.Curve != CurveKind.Trunk).GroupBy(p => (p.Method, p.Curve)))
        {
            var pts = group.OrderBy(p => p.Epochs).ToList();
            curveSeries.Add(new ChartSeries($"{group.Key.Method} {group.Key.Curve.ToText()}", [.. pts.Select(p => p.Epochs)], [.. pts.Select(p => 100 * p.Top1)])
            {
                Color = Colour(group.Key.Method),
                Dashed = group.Key.Curve is CurveKind.Cyclic or CurveKind.Decaying,
                Markers = group.Key.Curve is CurveKind.Standard or CurveKind.Cyclic,
            });
        }

        charts.Add(new TradeoffChart("tradeoff-accuracy", curveSeries, new ChartOptions
        {
            Title = $"{study.Name}: top-1 against epochs trained (dashed: one-run curves)",
            XLabel = "epochs trained",
            YLabel = "top-1 accuracy (%)",
            LogX = true,
            XTicks = result.Durations,
            LegendLowerRight = true,
        }));
    }

    /// <summary>Each curve's accuracy minus the standard curve's, per duration.</summary>
    public void GapsToStandard()
    {
        if (result.Gaps.Count > 0)
        {
            var gapSeries = result.Gaps.Select(g => new ChartSeries($"{g.Method} {g.Curve.ToText()} - standard", result.Durations, g.Gaps)
            {
                Color = Colour(g.Method),
                Dashed = g.Curve is CurveKind.Cyclic or CurveKind.Decaying,
                Markers = g.Curve is CurveKind.Cyclic, // the same styles as the accuracy chart: decaying is dashed without markers
            }).ToList();
            gapSeries.Add(new ChartSeries("", [result.Durations[0], result.Durations[^1]], [0, 0]) { Color = "#000000" });
            charts.Add(new TradeoffChart("tradeoff-gaps", gapSeries, new ChartOptions
            {
                Title = $"{study.Name}: accuracy minus the standard curve's, per duration",
                XLabel = "epochs trained",
                YLabel = "gap (percentage points)",
                LogX = true,
                XTicks = result.Durations,
            }));
        }
    }

    /// <summary>The one-run curves epoch by epoch (the dips after each restart) above the cyclic LR.</summary>
    public void OneRunCurves(IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<TraceRow> trace)
    {
        var roles = trials.Where(t => t.Curve is not null).ToDictionary(t => t.Id, t => t.Curve!);
        var evaluationsOf = evaluations.ToLookup(e => e.TrialId);
        var traceOf = trace.ToLookup(x => x.TrialId);
        var oneRun = trials.Where(t => roles.TryGetValue(t.Id, out var r) && r.Curve is CurveKind.Cyclic or CurveKind.Decaying).ToList();
        if (oneRun.Count > 0)
        {
            var accuracy = oneRun.Where(t => t.Seed == oneRun.Min(o => o.Seed)).Select(t =>
            {
                var e = evaluationsOf[t.Id].OrderBy(x => x.Step).ToList();
                return new ChartSeries($"{t.Method} {roles[t.Id].Curve.ToText()}", [.. e.Select(x => x.Epoch)], [.. e.Select(x => 100 * x.Top1)])
                {
                    Color = Colour(t.Method),
                    Dashed = roles[t.Id].Curve == CurveKind.Decaying,
                };
            }).ToList();
            var lrTrials = oneRun.Where(t => t.Method == oneRun[0].Method && t.Seed == oneRun[0].Seed).ToList();
            var lr = lrTrials.Select(t =>
            {
                var r = traceOf[t.Id].OrderBy(x => x.Step).ToList();
                return new ChartSeries(roles[t.Id].Curve.ToText(), [.. r.Select(x => x.Step / (double)roles[t.Id].StepsPerEpoch)], [.. r.Select(x => x.Lr)])
                {
                    Dashed = roles[t.Id].Curve == CurveKind.Decaying,
                };
            }).ToList();
            var ends = result.Durations.Select((d, k) => ($"end of cycle {k + 1}", d)).ToList();
            var accuracyOptions = new ChartOptions
            {
                Title = $"{study.Name}: one-run curves evaluated every epoch (seed {oneRun.Min(o => o.Seed)})",
                XLabel = "epoch",
                YLabel = "top-1 (%)",
                LegendLowerRight = true,
            };
            var lrOptions = new ChartOptions { Title = "learning rate", XLabel = "epoch", YLabel = "learning rate", Markers = ends.Count <= 8 ? ends : [] };
            // One stacked PNG; the SVG comes as two charts.
            charts.Add(new TradeoffChart("one-run-accuracy", accuracy, accuracyOptions, Panel: "one-run-curves"));
            charts.Add(new TradeoffChart("one-run-lr", lr, lrOptions, Panel: "one-run-curves"));
        }
    }

    /// <summary>Snapshot ensembles beside the single models of the cyclic curve.</summary>
    public void SnapshotEnsembles()
    {
        if (result.Ensembles.Count > 0)
        {
            var series = new List<ChartSeries>();
            foreach (string m in methods)
            {
                var single = result.Points.Where(p => p.Method == m && p.Curve == CurveKind.Cyclic).OrderBy(p => p.Point).ToList();
                if (single.Count > 0)
                    series.Add(new ChartSeries($"{m} cyclic, single model", [.. single.Select(p => p.Epochs)], [.. single.Select(p => 100 * p.Top1)]) { Color = Colour(m), Markers = true });
                foreach (var g in result.Ensembles.Where(e => e.Method == m && e.Curve == CurveKind.Cyclic && e.Members <= 3).GroupBy(e => e.Members))
                {
                    var pts = g.OrderBy(e => e.Point).ToList();
                    series.Add(new ChartSeries($"{m} cyclic, last {g.Key} snapshots", [.. pts.Select(e => e.Epochs)], [.. pts.Select(e => 100 * e.Top1)])
                    {
                        Color = Colour(m),
                        Dashed = true,
                        Markers = g.Key == 2,
                    });
                }
            }

            charts.Add(new TradeoffChart("snapshot-ensembles", series, new ChartOptions
            {
                Title = $"{study.Name}: snapshot ensembles (averaged softmax of the last M cycle ends)",
                XLabel = "epochs trained",
                YLabel = "top-1 accuracy (%)",
                LogX = true,
                XTicks = result.Durations,
                LegendLowerRight = true,
            }));
        }
    }

    /// <summary>Pareto frontiers over every method and curve, by seconds and by epochs.</summary>
    public void ParetoFrontiers()
    {
        foreach (var (axis, frontier, time) in new[]
                 {
                     ("seconds", result.ParetoBySeconds, (Func<CurvePoint, double>)(p => p.CostSeconds)),
                     ("epochs", result.ParetoByEpochs, p => p.CostEpochs),
                 })
        {
            var all = result.Points.Where(p => p.Curve != CurveKind.Trunk).ToList();
            var series = new List<ChartSeries>
            {
                new("all points", [.. all.Select(time)], [.. all.Select(p => 100 * p.Top1)]) { PointsOnly = true },
                new("Pareto frontier", [.. frontier.Select(time)], [.. frontier.Select(p => 100 * p.Top1)]) { Color = "#d62728", Markers = true },
            };
            charts.Add(new TradeoffChart($"pareto-{axis}", series, new ChartOptions
            {
                Title = $"{study.Name}: Pareto frontier over all methods and curves ({axis} to obtain each model)",
                XLabel = axis == "seconds" ? "training seconds (steps only)" : "epochs trained to obtain the model",
                YLabel = "top-1 accuracy (%)",
                LogX = true,
                XTicks = axis == "epochs" ? result.Durations : [],
                LegendLowerRight = true,
            }));
        }
    }
}
