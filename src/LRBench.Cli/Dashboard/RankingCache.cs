using System.Collections.Concurrent;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Reports;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Dashboard;

/// <summary>
/// Each study's ranking, computed once per change instead of once per request: ranking a study reads every
/// evaluation of it (500,000 rows at 10,000 trials), while asking whether anything changed since the ranking's cursor
/// (<see cref="ResultsReader.Changes"/>) reads only what changed. The ranking and its cursor come from one snapshot,
/// so a change that lands during the read is seen by the next request and ranked then.
/// </summary>
internal sealed class RankingCache(StudyStore store)
{
    private sealed record Entry(long Cursor, IReadOnlyList<RankedPolicy> Ranking, string Html);

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    /// <summary>The most settings the page's ranking table shows (the best ones; docs/dashboard.md).</summary>
    public const int ShownSettings = 200;

    /// <summary>The study's ranking of its finished trials (empty while none has finished).</summary>
    public IReadOnlyList<RankedPolicy> Ranking(StudyRow study) => Current(study).Ranking;

    /// <summary>The ranking as a sortable table (<c>table#ranking</c>), or a line saying nothing has finished yet.</summary>
    public string Html(StudyRow study) => Current(study).Html;

    private Entry Current(StudyRow study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (_entries.TryGetValue(study.Id, out var cached) && store.Results.Changes(study.Id, cached.Cursor).Trials.Count == 0)
            return cached;

        var all = store.Results.Changes(study.Id, cursor: null);
        var ranking = all.Trials.Any(t => t.Status.IsFinished())
            ? LRBench.Studies.Analysis.Ranking.Rank(all.Trials, all.Evaluations, study.TargetAccuracy, metric: study.Metric)
            : [];
        string html = ranking.Count == 0
            ? "<p class=\"muted\">No trial has finished yet.</p>"
            : RankingFormat.ToHtmlTable(ranking, study.TargetAccuracy, ShownSettings)
                .Replace("<table>", "<table id=\"ranking\">", StringComparison.Ordinal)
                .Replace("<th>", "<th class=\"sortable\">", StringComparison.Ordinal);
        var entry = new Entry(all.Cursor, ranking, html);
        _entries[study.Id] = entry;
        return entry;
    }
}
