using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Services;

/// <summary>
/// Reads what a study's interactive charts draw from a store and shapes it with <see cref="StudyCurves"/> and
/// <see cref="StudyCharts"/>: the dashboard's JSON endpoints answer with it, and report.html carries one read of all
/// of it (<see cref="ForReport"/>), so both are drawn by the same script from the same data.
/// </summary>
internal static class ChartData
{
    /// <summary>
    /// The curves of a study: with <paramref name="cursor"/>, the trials changed since, each with its curve; without,
    /// every trial, with the curves <see cref="StudyCurves.FirstCurves"/> picks (a report holds all, <see cref="ForReport"/>)
    /// and the timeline as of <paramref name="now"/>, from the same read of the trials.
    /// </summary>
    public static StudyCurves.Payload Curves(ResultsReader results, StudyRow study, long? cursor, DateTimeOffset now)
    {
        if (cursor is not null) return Shape(results, study, results.CurveChanges(study.Id, cursor));
        var overview = results.CurveOverview(study.Id, StudyCurves.FirstCurves);
        return Shape(results, study, overview) with { Timeline = StudyCharts.TimelineOf(overview.Trials, results.Failures(study.Id), now) };
    }

    /// <summary>The given trials of a study with their curves (the page asks for them after an overview); other studies' trials are left out.</summary>
    public static StudyCurves.Payload CurvesOf(ResultsReader results, StudyRow study, IReadOnlyCollection<long> trialIds) =>
        Shape(results, study, results.CurvesOfTrials(study.Id, trialIds));

    private static StudyCurves.Payload Shape(ResultsReader results, StudyRow study, LRBench.Studies.Model.Results.StudyChanges changes)
    {
        var stepsPerEpoch = results.Tasks().ToDictionary(t => t.Id, t => t.StepsPerEpoch);
        // Anneal probes exist only under a pruner with fair rungs; other studies' reads leave rung decisions alone.
        var decisions = study.Pruner?.Fair is not null && changes.Trials.Count > 0 ? results.RungDecisions(study.Id) : [];
        return StudyCurves.Of(study, changes, results.RungSteps(study.Id), results.RaceDecisions(study.Id), decisions, stepsPerEpoch, StudyCharts.Label);
    }

    /// <summary>The LR traces of the given trials of a study (ids of other studies' trials are left out).</summary>
    public static IReadOnlyList<StudyCharts.TraceLine> Traces(ResultsReader results, long studyId, IEnumerable<long> trialIds)
    {
        var lines = new List<StudyCharts.TraceLine>();
        foreach (long id in trialIds.Distinct())
        {
            if (results.Trial(id) is { } trial && trial.StudyId == studyId) lines.Add(StudyCharts.TraceOf(trial, results.TraceOfTrial(id)));
        }

        return lines;
    }

    /// <summary>The study's timeline as of <paramref name="now"/>.</summary>
    public static StudyCharts.Timeline Timeline(ResultsReader results, long studyId, DateTimeOffset now) =>
        StudyCharts.TimelineOf(results.Trials(studyId), results.Failures(studyId), now);

    /// <summary>What report.html draws: every curve, the LR traces of the finished trials (at most 50, best first), and the timeline.</summary>
    public static StudyCharts.ReportData ForReport(ResultsReader results, StudyRow study, DateTimeOffset now)
    {
        // One read of the trials for the curves and the timeline.
        var changes = results.CurveOverview(study.Id, (_, summaries) => summaries.Keys);
        var curves = Shape(results, study, changes);
        return new StudyCharts.ReportData(
            curves, Traces(results, study.Id, StudyCharts.ReportTraceTrials(curves)), StudyCharts.TimelineOf(changes.Trials, results.Failures(study.Id), now));
    }
}
