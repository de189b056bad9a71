using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Reports;

/// <summary>
/// What a study's interactive charts draw, besides the curves (<see cref="StudyCurves"/>): LR traces and the timeline
/// of trials per machine, built from rows the caller read. The dashboard serves each as a JSON endpoint; report.html
/// carries one read of all of them inline (<see cref="ReportData"/>), so both are drawn by the same script from the
/// same data.
/// </summary>
public static class StudyCharts
{
    /// <summary>At most this many points of one trial's LR trace go to a chart: enough for any schedule's shape at chart width.</summary>
    public const int MaxTracePoints = 2000;

    /// <summary>At most this many trials' LR traces are drawn at once (an overlay of more is unreadable).</summary>
    public const int MaxTraceTrials = 50;

    /// <summary>The charts' JSON: camelCase names, every character HTML gives a meaning to escaped (\u003C for &lt;).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    /// <summary>A trial's label in the charts: its label, seed, and method when it is not the baseline (text, never markup).</summary>
    public static string Label(TrialRow trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return $"{trial.Label} s{trial.Seed}" + (trial.Method == "baseline" ? "" : $" [{trial.Method}]");
    }

    /// <summary>One trial's LR trace, thinned to <see cref="MaxTracePoints"/>.</summary>
    /// <param name="Id">The trial's id.</param>
    /// <param name="Label">Its label (<see cref="StudyCharts.Label(TrialRow)"/>).</param>
    /// <param name="Steps">The traced steps.</param>
    /// <param name="Lr">The LR at each (null where not finite).</param>
    public sealed record TraceLine(long Id, string Label, IReadOnlyList<long> Steps, IReadOnlyList<double?> Lr);

    /// <summary>A trial's last attempt on the machine that ran it: times in milliseconds since the Unix epoch (no end while it runs).</summary>
    public sealed record TimelineBar(long Id, string Label, string Status, string Machine, long? Start, long? End, int Attempts, int Failures);

    /// <summary>A failed earlier attempt of a trial, at its time.</summary>
    public sealed record TimelineFailure(long Id, string Label, int Attempt, string Machine, long? At, string? Error);

    /// <summary>A study's timeline as of <paramref name="Now"/> (milliseconds since the Unix epoch).</summary>
    public sealed record Timeline(long Now, IReadOnlyList<TimelineBar> Trials, IReadOnlyList<TimelineFailure> Failures);

    /// <summary>Everything report.html draws, read at one moment.</summary>
    /// <param name="Curves">Every trial's curve (a full read).</param>
    /// <param name="Lr">The LR traces of the finished trials (the best completed first), at most <see cref="MaxTraceTrials"/>.</param>
    /// <param name="Timeline">The trials per machine.</param>
    public sealed record ReportData(StudyCurves.Payload Curves, IReadOnlyList<TraceLine> Lr, Timeline Timeline);

    /// <summary>One trial's LR trace, thinned.</summary>
    public static TraceLine TraceOf(TrialRow trial, IReadOnlyList<TraceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(rows);
        var kept = Thin([.. rows.OrderBy(r => r.Step)]);
        return new TraceLine(trial.Id, Label(trial), [.. kept.Select(r => r.Step)], [.. kept.Select(r => StudyCurves.Finite(r.Lr))]);
    }

    /// <summary>
    /// A study's timeline: each started trial's last attempt as a bar on the machine that ran it (the worker while it
    /// runs; the store keeps only the machine once it ends), and each recorded failure of an earlier attempt. A
    /// timestamp the store holds in another form is left out, not guessed.
    /// </summary>
    public static Timeline TimelineOf(IReadOnlyList<TrialRow> trials, IReadOnlyList<TrialFailure> failures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(failures);
        var labels = trials.ToDictionary(t => t.Id, Label);
        var bars = trials.Where(t => Millis(t.StartedAt) is not null).Select(t => new TimelineBar(
            t.Id, labels[t.Id], t.Status.ToText(), MachineOf(t.Worker) ?? t.Machine ?? "?", Millis(t.StartedAt),
            t.Status == TrialStatus.Running ? null : Millis(t.FinishedAt), t.Attempts, t.Failures)).ToList();
        var failed = failures.Where(f => Millis(f.FailedAt) is not null).Select(f => new TimelineFailure(
            f.TrialId, labels.GetValueOrDefault(f.TrialId, "?"), f.Attempt, MachineOf(f.Worker) ?? "?", Millis(f.FailedAt), f.Error)).ToList();
        return new Timeline(now.ToUnixTimeMilliseconds(), bars, failed);
    }

    /// <summary>
    /// The finished trials whose LR a report overlays, at most <see cref="MaxTraceTrials"/>: the completed ones best
    /// first, then those stopped early, by id.
    /// </summary>
    public static IReadOnlyList<long> ReportTraceTrials(StudyCurves.Payload curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        return [.. curves.Trials.Where(t => t.Finished is not null)
            .OrderBy(t => t.Result is null).ThenBy(t => t.Result is double r ? (curves.HigherIsBetter ? -r : r) : 0).ThenBy(t => t.Id)
            .Take(MaxTraceTrials).Select(t => t.Id)];
    }

    /// <summary>Every k-th row, the last always kept, so that at most <see cref="MaxTracePoints"/> remain.</summary>
    public static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count <= MaxTracePoints) return rows;
        int every = (rows.Count + MaxTracePoints - 2) / (MaxTracePoints - 1);
        var kept = new List<T>();
        for (int i = 0; i < rows.Count - 1; i += every) kept.Add(rows[i]);
        kept.Add(rows[^1]);
        return kept;
    }

    /// <summary>The machine part of a worker's name (host:pid:...).</summary>
    private static string? MachineOf(string? worker) => string.IsNullOrEmpty(worker) ? null : worker.Split(':')[0];

    private static long? Millis(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeMilliseconds() : null;
}
