using System.Text.Json;
using LRBench.Cli.Services;
using LRBench.Reporting;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Reports;
using LRBench.Studies.Storage;
using Microsoft.AspNetCore.Http;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// The dashboard's JSON endpoints, which its interactive charts read, and its static assets. Read-only like every
/// page; labels go out as JSON strings (HTML-significant characters escaped), and the charts set them as text. What
/// they hold is read by <see cref="ChartData"/>, which report.html is written from too.
/// </summary>
internal static class DashboardApi
{
    /// <summary>
    /// A study's trials, each with its label, method, seed, status, number of evaluations and best top-1 (a fraction;
    /// null without one), read with the evaluations' summaries in one snapshot (<see cref="ResultsReader.CurveOverview"/>).
    /// </summary>
    public static IResult Trials(StudyStore store, long id, JsonSerializerOptions json)
    {
        if (store.Results.Study(id) is null) return Results.NotFound();
        var overview = store.Results.CurveOverview(id, (_, _) => []);
        return Results.Json(overview.Trials.Select(t =>
        {
            var s = overview.Summaries!.GetValueOrDefault(t.Id);
            return new
            {
                id = t.Id,
                label = t.Label,
                method = t.Method,
                seed = t.Seed,
                status = t.Status.ToText(),
                points = s?.Count ?? 0,
                bestTop1 = s?.BestTop1,
            };
        }), json);
    }

    /// <summary>
    /// A study's curves, rungs and early stops (<see cref="StudyCurves"/>): every trial (a large study's curves in
    /// part, <see cref="StudyCurves.FirstCurves"/>); with <c>?since=CURSOR</c> (the cursor of the previous answer) only
    /// the trials that changed since; with <c>?trials=1,2,3</c> (at most <see cref="StudyCurves.CurveLimit"/>) those
    /// trials with their curves. A cursor that is not a number, a bad list, or both at once is a 400. The first read
    /// (neither) carries the timeline too, as of <paramref name="time"/>'s now.
    /// </summary>
    public static IResult Curves(StudyStore store, long id, string? since, string? trials, JsonSerializerOptions json, TimeProvider time)
    {
        long? cursor = null;
        if (since is not null)
        {
            if (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long c))
                return Results.BadRequest("since: a cursor from a previous answer (a whole number) is expected");
            cursor = c;
        }

        List<long>? ids = null;
        if (trials is not null)
        {
            if (cursor is not null) return Results.BadRequest("since and trials: one or the other is expected, not both");
            ids = TrialIds(trials, StudyCurves.CurveLimit);
            if (ids is null) return Results.BadRequest($"trials: trial ids separated by commas, at most {StudyCurves.CurveLimit}, are expected");
        }

        if (store.Results.Study(id) is not { } study) return Results.NotFound();
        return Results.Json(ids is not null ? ChartData.CurvesOf(store.Results, study, ids) : ChartData.Curves(store.Results, study, cursor, time.GetUtcNow()), json);
    }

    /// <summary>Trial ids separated by commas, at most <paramref name="max"/>; null when the list is anything else.</summary>
    private static List<long>? TrialIds(string list, int max)
    {
        var ids = new List<long>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ids.Count == max || !long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long t)) return null;
            ids.Add(t);
        }

        return ids;
    }

    /// <summary>
    /// The LR traces of some of a study's trials (<c>?trials=1,2,3</c>, at most <see cref="StudyCharts.MaxTraceTrials"/>;
    /// finished ones have a trace, written when a trial ends), thinned to <see cref="StudyCharts.MaxTracePoints"/> each.
    /// Ids that are not the study's are left out; a list that is not whole numbers, or too long, is a 400.
    /// </summary>
    public static IResult LearningRates(StudyStore store, long id, string? trialList, JsonSerializerOptions json)
    {
        if (TrialIds(trialList ?? "", StudyCharts.MaxTraceTrials) is not { } ids)
            return Results.BadRequest($"trials: trial ids separated by commas, at most {StudyCharts.MaxTraceTrials}, are expected");
        if (store.Results.Study(id) is null) return Results.NotFound();
        return Results.Json(ChartData.Traces(store.Results, id, ids), json);
    }

    /// <summary>One trial's LR and training loss at its traced steps, thinned like <see cref="LearningRates"/>.</summary>
    public static IResult TrialTrace(StudyStore store, long id, JsonSerializerOptions json)
    {
        if (store.Results.Trial(id) is null) return Results.NotFound();
        var rows = StudyCharts.Thin([.. store.Results.TraceOfTrial(id).OrderBy(r => r.Step)]);
        return Results.Json(new { steps = rows.Select(r => r.Step), lr = rows.Select(r => StudyCurves.Finite(r.Lr)), loss = rows.Select(r => StudyCurves.Finite(r.Loss ?? double.NaN)) }, json);
    }

    /// <summary>A study's timeline (<see cref="StudyCharts.TimelineOf"/>): trials per machine, failures, and the time now.</summary>
    public static IResult Timeline(StudyStore store, long id, JsonSerializerOptions json, TimeProvider time) =>
        store.Results.Study(id) is null ? Results.NotFound() : Results.Json(ChartData.Timeline(store.Results, id, time.GetUtcNow()), json);

    /// <summary>
    /// A bundled asset by name; anything not in <see cref="WebAssets.MediaTypes"/> is not found. Asked for with the
    /// current <see cref="WebAssets.Version"/> (as the pages link it), it may be kept for a year; otherwise it is
    /// checked again each time.
    /// </summary>
    public static IResult Asset(string name, string? version, HttpResponse response)
    {
        if (!WebAssets.MediaTypes.TryGetValue(name, out string? type) || WebAssets.Text(name) is not { } text) return Results.NotFound();
        response.Headers.CacheControl = version == WebAssets.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return Results.Text(text, type);
    }
}
