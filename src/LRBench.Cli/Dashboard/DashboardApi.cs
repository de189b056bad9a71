using System.Text.Json;
using LRBench.Reporting;
using LRBench.Studies.Storage;
using Microsoft.AspNetCore.Http;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// The dashboard's JSON endpoints, which its interactive charts read, and its static assets. Read-only like every
/// page; labels go out as JSON strings (HTML-significant characters escaped), and the charts set them as text.
/// </summary>
internal static class DashboardApi
{
    /// <summary>At most this many points of one trial's LR trace go to a chart: enough for any schedule's shape at chart width.</summary>
    internal const int MaxTracePoints = 2000;

    /// <summary>A study's curves, rungs, early stops and optimisation history (<see cref="StudyCurves"/>).</summary>
    public static IResult Curves(StudyStore store, long id, JsonSerializerOptions json)
    {
        if (store.Results.Study(id) is not { } study) return Results.NotFound();
        var results = store.Results.Load(study, withTraces: false);
        return Results.Json(StudyCurves.Of(results, store.Results.RungDecisions(id), store.Results.RaceDecisions(id), DashboardServer.Label), json);
    }

    /// <summary>The LR traces of a study's trials (finished ones: the trace is written when a trial ends), thinned to <see cref="MaxTracePoints"/> each.</summary>
    public static IResult LearningRates(StudyStore store, long id, JsonSerializerOptions json)
    {
        if (store.Results.Study(id) is null) return Results.NotFound();
        var trials = store.Results.Trials(id).ToDictionary(t => t.Id);
        var traces = store.Results.Trace(id).GroupBy(r => r.TrialId).Where(g => trials.ContainsKey(g.Key)).Select(g =>
        {
            var rows = Thin(g.OrderBy(r => r.Step).ToList());
            return new { id = g.Key, label = DashboardServer.Label(trials[g.Key]), steps = rows.Select(r => r.Step), lr = rows.Select(r => Finite(r.Lr)) };
        });
        return Results.Json(traces, json);
    }

    /// <summary>One trial's LR and training loss at its traced steps, thinned like <see cref="LearningRates"/>.</summary>
    public static IResult TrialTrace(StudyStore store, long id, JsonSerializerOptions json)
    {
        if (store.Results.Trial(id) is null) return Results.NotFound();
        var rows = Thin(store.Results.TraceOfTrial(id).OrderBy(r => r.Step).ToList());
        return Results.Json(new { steps = rows.Select(r => r.Step), lr = rows.Select(r => Finite(r.Lr)), loss = rows.Select(r => Finite(r.Loss ?? double.NaN)) }, json);
    }

    /// <summary>A bundled asset by name; anything not in <see cref="WebAssets.MediaTypes"/> is not found.</summary>
    public static IResult Asset(string name) =>
        WebAssets.MediaTypes.TryGetValue(name, out string? type) && WebAssets.Text(name) is { } text ? Results.Text(text, type) : Results.NotFound();

    /// <summary>Every k-th row, the last always kept, so that at most <see cref="MaxTracePoints"/> remain.</summary>
    internal static List<T> Thin<T>(List<T> rows)
    {
        if (rows.Count <= MaxTracePoints) return rows;
        int every = (rows.Count + MaxTracePoints - 2) / (MaxTracePoints - 1);
        var kept = new List<T>();
        for (int i = 0; i < rows.Count - 1; i += every) kept.Add(rows[i]);
        kept.Add(rows[^1]);
        return kept;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
