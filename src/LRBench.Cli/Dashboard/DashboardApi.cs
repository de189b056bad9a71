using System.Text.Json;
using LRBench.Reporting;
using LRBench.Studies.Model.Trials;
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

    /// <summary>
    /// A study's curves, rungs and early stops (<see cref="StudyCurves"/>): every trial, or with <c>?since=CURSOR</c>
    /// (the cursor of the previous answer) only the trials that changed since. A cursor that is not a number is a 400.
    /// </summary>
    public static IResult Curves(StudyStore store, long id, string? since, JsonSerializerOptions json)
    {
        long? cursor = null;
        if (since is not null)
        {
            if (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long c))
                return Results.BadRequest("since: a cursor from a previous answer (a whole number) is expected");
            cursor = c;
        }

        if (store.Results.Study(id) is not { } study) return Results.NotFound();
        var changes = store.Results.CurveChanges(id, cursor);
        var stepsPerEpoch = store.Results.Tasks().ToDictionary(t => t.Id, t => t.StepsPerEpoch);
        // Anneal probes exist only under a pruner with fair rungs; other studies' polls do not read rung decisions.
        var decisions = study.Pruner?.Fair is not null && changes.Trials.Count > 0 ? store.Results.RungDecisions(id) : [];
        return Results.Json(StudyCurves.Of(study, changes, store.Results.RungSteps(id), store.Results.RaceDecisions(id), decisions, stepsPerEpoch, DashboardServer.Label), json);
    }

    /// <summary>At most this many trials' LR traces per request: the chart overlays the trials a user picked, not a whole large study.</summary>
    internal const int MaxTraceTrials = 50;

    /// <summary>
    /// The LR traces of some of a study's trials (<c>?trials=1,2,3</c>, at most <see cref="MaxTraceTrials"/>; finished
    /// ones have a trace, written when a trial ends), thinned to <see cref="MaxTracePoints"/> each. Ids that are not
    /// the study's are left out; a list that is not whole numbers, or too long, is a 400.
    /// </summary>
    public static IResult LearningRates(StudyStore store, long id, string? trialList, JsonSerializerOptions json)
    {
        var ids = new List<long>();
        foreach (string part in (trialList ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long t))
                return Results.BadRequest($"trials: trial ids separated by commas, at most {MaxTraceTrials}, are expected");
            ids.Add(t);
        }

        if (ids.Count > MaxTraceTrials) return Results.BadRequest($"trials: at most {MaxTraceTrials} trial ids are expected");
        if (store.Results.Study(id) is null) return Results.NotFound();
        var traces = new List<object>();
        foreach (long trialId in ids.Distinct())
        {
            if (store.Results.Trial(trialId) is not { } trial || trial.StudyId != id) continue;
            var rows = Thin(store.Results.TraceOfTrial(trialId).OrderBy(r => r.Step).ToList());
            traces.Add(new { id = trialId, label = DashboardServer.Label(trial), steps = rows.Select(r => r.Step), lr = rows.Select(r => StudyCurves.Finite(r.Lr)) });
        }

        return Results.Json(traces, json);
    }

    /// <summary>One trial's LR and training loss at its traced steps, thinned like <see cref="LearningRates"/>.</summary>
    public static IResult TrialTrace(StudyStore store, long id, JsonSerializerOptions json)
    {
        if (store.Results.Trial(id) is null) return Results.NotFound();
        var rows = Thin(store.Results.TraceOfTrial(id).OrderBy(r => r.Step).ToList());
        return Results.Json(new { steps = rows.Select(r => r.Step), lr = rows.Select(r => StudyCurves.Finite(r.Lr)), loss = rows.Select(r => StudyCurves.Finite(r.Loss ?? double.NaN)) }, json);
    }

    /// <summary>
    /// A study's timeline: each started trial's last attempt as a bar on the machine that ran it (the worker while it
    /// runs; the store keeps only the machine once it ends), from its start to its end (now, while it runs), and each
    /// recorded failure of an earlier attempt at its time. Times are milliseconds since the Unix epoch; a timestamp
    /// the store holds in another form is left out, not guessed.
    /// </summary>
    public static IResult Timeline(StudyStore store, long id, JsonSerializerOptions json, TimeProvider time)
    {
        if (store.Results.Study(id) is null) return Results.NotFound();
        var trials = store.Results.Trials(id);
        var labels = trials.ToDictionary(t => t.Id, DashboardServer.Label);
        var bars = trials.Where(t => Millis(t.StartedAt) is not null).Select(t => new
        {
            id = t.Id,
            label = labels[t.Id],
            status = t.Status.ToText(),
            machine = MachineOf(t.Worker) ?? t.Machine ?? "?",
            start = Millis(t.StartedAt),
            end = t.Status == TrialStatus.Running ? null : Millis(t.FinishedAt),
            attempts = t.Attempts,
            failures = t.Failures,
        }).ToList();
        var failures = store.Results.Failures(id).Where(f => Millis(f.FailedAt) is not null).Select(f => new
        {
            id = f.TrialId,
            label = labels.GetValueOrDefault(f.TrialId, "?"),
            attempt = f.Attempt,
            machine = MachineOf(f.Worker) ?? "?",
            at = Millis(f.FailedAt),
            error = f.Error,
        }).ToList();
        return Results.Json(new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), trials = bars, failures }, json);
    }

    /// <summary>The machine part of a worker's name (host:pid:...).</summary>
    private static string? MachineOf(string? worker) => string.IsNullOrEmpty(worker) ? null : worker.Split(':')[0];

    private static long? Millis(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeMilliseconds() : null;

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
}
