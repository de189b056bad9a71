namespace LRBench.Studies.Model.Results;

/// <summary>
/// What changed in a study since a reader's last read (<see cref="Storage.ResultsReader.Changes"/>): the trials written
/// since then, each with all its evaluations, and the cursor to pass next time. A live display polls this instead
/// of the whole study; a trial that changed appears whole, so nothing has to be merged point by point.
/// </summary>
/// <param name="Cursor">Where this read stands: pass it to the next read.</param>
/// <param name="Full">True when this is the whole study (no cursor was given).</param>
/// <param name="Trials">The trials that changed (or were evaluated) since the cursor, in queue order; all of them when <paramref name="Full"/>.</param>
/// <param name="Evaluations">Every evaluation of those trials; of some of them only when <paramref name="Summaries"/> is given.</param>
/// <param name="Summaries">
/// A summary of every evaluated trial's evaluations, by trial id, when <paramref name="Evaluations"/> holds only some
/// trials' (a large study's overview, <see cref="Storage.ResultsReader.CurveOverview"/>); null when it holds all.
/// </param>
public sealed record StudyChanges(
    long Cursor, bool Full, IReadOnlyList<TrialRow> Trials, IReadOnlyList<EvaluationRow> Evaluations, IReadOnlyDictionary<long, EvaluationSummary>? Summaries = null);
