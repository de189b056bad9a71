using System.Data.Common;
using System.Globalization;
using Dapper;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Suites;

namespace LRBench.Studies.Storage;

/// <summary>
/// The read side of the store: studies, trials and their results as immutable values (<see cref="StudyResults"/>),
/// which ranking, tradeoff analysis, recommendation and reports take as input. It never writes.
/// </summary>
public sealed class ResultsReader : ITaskResults
{
    private readonly StudyStore _store;

    internal ResultsReader(StudyStore store) => _store = store;

    /// <summary>
    /// Everything stored about a study, read at one moment: one connection and one read transaction over a snapshot
    /// of the store (SQLite's deferred transaction under WAL, PostgreSQL's repeatable read), so that trials finishing
    /// meanwhile never show as finished without their evaluations, or the other way round.
    /// </summary>
    public StudyResults Load(StudyRow study) => Load(study, withTraces: true);

    /// <summary>
    /// <see cref="Load(StudyRow)"/>, leaving out the LR traces and snapshot ensembles when <paramref name="withTraces"/>
    /// is false (empty lists): what a live display polling trials and evaluations needs, at a fraction of the rows.
    /// </summary>
    public StudyResults Load(StudyRow study, bool withTraces)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Read(c =>
        {
            using var tx = _store.Backend.BeginSnapshot(c);
            var results = new StudyResults(study, Trials(c, tx, study.Id), Evaluations(c, tx, study.Id),
                withTraces ? Trace(c, tx, study.Id) : [], withTraces ? Ensembles(c, tx, study.Id) : []);
            tx.Commit();
            return results;
        });
    }

    /// <summary>
    /// The study's trials that changed since <paramref name="cursor"/> (a status, a lease, a new evaluation), each with
    /// all its evaluations, read in one snapshot together with the cursor for the next read; with no cursor, every
    /// trial. Found through the change stamps' indexes, so a poll of a large study reads only what is new. A trial can
    /// come twice (written while the previous read ran), never not at all.
    /// </summary>
    public StudyChanges Changes(long studyId, long? cursor) => ReadChanges(studyId, cursor, "*");

    /// <summary>
    /// <see cref="Changes(long, long?)"/> for charts: each evaluation holds only its step, top-1, test loss and task
    /// metric (every other metric NaN, the other numbers 0). A study's first read takes about 40 % of the time of the
    /// full one (10,000 trials of 50 evaluations: 1.6 against 4.1 s of reading evaluations here; bench poll-profile).
    /// </summary>
    public StudyChanges CurveChanges(long studyId, long? cursor) => ReadChanges(studyId, cursor, CurveColumns);

    private const string CurveColumns = "trial_id, step, top1, test_loss, task_metric";

    /// <summary>
    /// A study's overview for charts, in one snapshot: every trial, a summary of each one's evaluations (computed by
    /// the database, <see cref="EvaluationSummary"/>), and the evaluations (the columns of <see cref="CurveChanges"/>)
    /// of the trials <paramref name="withCurves"/> picks from those. A large study's first read thus sends the table and
    /// the history whole and the curves of the trials shown, not half a million evaluations.
    /// </summary>
    public StudyChanges CurveOverview(long studyId, Func<IReadOnlyList<TrialRow>, IReadOnlyDictionary<long, EvaluationSummary>, IEnumerable<long>> withCurves)
    {
        ArgumentNullException.ThrowIfNull(withCurves);
        return Read(c =>
        {
            using var tx = _store.Backend.BeginSnapshot(c);
            long next = c.ExecuteScalar<long>(_store.Backend.ChangeCursorSql, transaction: tx);
            var trials = Trials(c, tx, studyId);
            var summaries = Summaries(c, tx, studyId);
            var evaluations = EvaluationsIn(c, tx, withCurves(trials, summaries).Where(summaries.ContainsKey).Distinct().Order(), CurveColumns);
            tx.Commit();
            return new StudyChanges(next, true, trials, evaluations, summaries);
        });
    }

    /// <summary>
    /// The given trials of a study with their evaluations (the columns of <see cref="CurveChanges"/>) and the cursor,
    /// in one snapshot: the curves a chart asks for after an overview. Ids that are not the study's are left out.
    /// </summary>
    public StudyChanges CurvesOfTrials(long studyId, IReadOnlyCollection<long> trialIds)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        return Read(c =>
        {
            using var tx = _store.Backend.BeginSnapshot(c);
            long next = c.ExecuteScalar<long>(_store.Backend.ChangeCursorSql, transaction: tx);
            var trials = InLists(trialIds.Distinct()).SelectMany(list => c.Query<StoredTrial>($"SELECT * FROM trials WHERE study_id = @studyId AND id IN ({list})", new { studyId }, tx))
                .Select(t => t.ToRow(_store.Location.Display)).OrderBy(t => t.Ordinal).ToList();
            var evaluations = EvaluationsIn(c, tx, trials.Select(t => t.Id), CurveColumns);
            tx.Commit();
            return new StudyChanges(next, false, trials, evaluations);
        });
    }

    // The best finite value of each score per trial: a value outside +-1e308 is infinite or NaN (PostgreSQL orders NaN
    // above every number, so BETWEEN excludes it too; SQLite stores NaN as NULL), and aggregates skip NULLs.
    private const string Finite = "BETWEEN -1e308 AND 1e308";

    private static Dictionary<long, EvaluationSummary> Summaries(DbConnection c, DbTransaction tx, long studyId) =>
        c.Query<(long TrialId, long Count, long LastStep, double? Top1, double? Loss, double? HighMetric, double? LowMetric)>(
            $"""
            SELECT trial_id, COUNT(*), MAX(step),
                   MAX(CASE WHEN top1 {Finite} THEN top1 END), MIN(CASE WHEN test_loss {Finite} THEN test_loss END),
                   MAX(CASE WHEN task_metric {Finite} THEN task_metric END), MIN(CASE WHEN task_metric {Finite} THEN task_metric END)
            FROM evaluations WHERE trial_id IN (SELECT id FROM trials WHERE study_id = @studyId) GROUP BY trial_id
            """, new { studyId }, tx)
            .ToDictionary(s => s.TrialId, s => new EvaluationSummary(s.TrialId, checked((int)s.Count), s.LastStep, s.Top1, s.Loss, s.HighMetric, s.LowMetric));

    private StudyChanges ReadChanges(long studyId, long? cursor, string columns)
    {
        return Read(c =>
        {
            using var tx = _store.Backend.BeginSnapshot(c);
            // First, in the same snapshot: every later change gets a stamp this cursor counts as new.
            long next = c.ExecuteScalar<long>(_store.Backend.ChangeCursorSql, transaction: tx);
            List<TrialRow> trials;
            List<EvaluationRow> evaluations;
            if (cursor is not long since)
            {
                trials = Trials(c, tx, studyId);
                evaluations = Evaluations(c, tx, studyId, columns);
            }
            else
            {
                var b = _store.Backend;
                var ids = c.Query<long>($"SELECT id FROM trials WHERE study_id = @studyId AND {b.ChangedSince("change_stamp")}", new { studyId, cursor = since }, tx).ToHashSet();
                // Alone, so that the only index the database can use is the stamp's (joined with trials, SQLite's planner
                // walked every evaluation of the study instead), and without DISTINCT, for which it scanned the
                // primary key's index, 0.6 s at 500,000 evaluations (bench poll-profile); duplicates go here. The few
                // trials found are then kept if they are this study's.
                var evaluated = c.Query<long>($"SELECT trial_id FROM evaluations WHERE {b.ChangedSince("change_stamp")}", new { cursor = since }, tx)
                    .Where(id => !ids.Contains(id)).Distinct().ToList();
                foreach (string list in InLists(evaluated))
                    ids.UnionWith(c.Query<long>($"SELECT id FROM trials WHERE study_id = @studyId AND id IN ({list})", new { studyId }, tx));

                trials = [.. InLists(ids).SelectMany(list => c.Query<StoredTrial>($"SELECT * FROM trials WHERE id IN ({list})", transaction: tx))
                    .Select(t => t.ToRow(_store.Location.Display)).OrderBy(t => t.Ordinal)];
                evaluations = EvaluationsIn(c, tx, ids, columns);
            }

            tx.Commit();
            return new StudyChanges(next, cursor is null, trials, evaluations);
        });
    }

    /// <summary>The study with this name, or null.</summary>
    public StudyRow? FindStudy(string name) =>
        Read(c => c.QuerySingleOrDefault<StoredStudy>("SELECT * FROM studies WHERE name = @name", new { name })?.ToRow(_store.Location.Display));

    /// <summary>The study with this id, or null.</summary>
    public StudyRow? Study(long studyId) =>
        Read(c => c.QuerySingleOrDefault<StoredStudy>("SELECT * FROM studies WHERE id = @studyId", new { studyId })?.ToRow(_store.Location.Display));

    /// <summary>Every study, in the order they were created.</summary>
    public IReadOnlyList<StudyRow> Studies() =>
        Read<IReadOnlyList<StudyRow>>(c => [.. c.Query<StoredStudy>("SELECT * FROM studies ORDER BY id").Select(s => s.ToRow(_store.Location.Display))]);

    /// <summary>Every suite recorded in the store (by <c>lrbench suite run</c> or <c>submit</c>), in the order they were first recorded.</summary>
    public IReadOnlyList<SuiteRecord> Suites() =>
        Read<IReadOnlyList<SuiteRecord>>(c => [.. c.Query<(long Id, string Name, string Definition, string RecordedAt)>("SELECT id, name, definition, recorded_at FROM suites ORDER BY id")
            .Select(s => StoredSuite.Read(s.Id, s.Name, s.Definition, s.RecordedAt, _store.Location.Display))]);

    /// <summary>The suite with this id, or null.</summary>
    public SuiteRecord? Suite(long suiteId) =>
        Read(c => c.Query<(long Id, string Name, string Definition, string RecordedAt)>("SELECT id, name, definition, recorded_at FROM suites WHERE id = @suiteId", new { suiteId })
            .Select(s => StoredSuite.Read(s.Id, s.Name, s.Definition, s.RecordedAt, _store.Location.Display)).SingleOrDefault());

    /// <summary>Every task (data set, model and training setup) trials have run on.</summary>
    public IReadOnlyList<TaskRow> Tasks() =>
        Read<IReadOnlyList<TaskRow>>(c => [.. c.Query<TaskRow>("SELECT * FROM tasks ORDER BY id")]);

    /// <summary>One trial by id, or null.</summary>
    public TrialRow? Trial(long trialId) =>
        Read(c => c.QuerySingleOrDefault<StoredTrial>("SELECT * FROM trials WHERE id = @trialId", new { trialId })?.ToRow(_store.Location.Display));

    /// <summary>The trials of a study, in queue order.</summary>
    public IReadOnlyList<TrialRow> Trials(long studyId) =>
        Read(c => Trials(c, null, studyId));

    private List<TrialRow> Trials(DbConnection c, DbTransaction? tx, long studyId) =>
        [.. c.Query<StoredTrial>("SELECT * FROM trials WHERE study_id = @studyId ORDER BY ordinal", new { studyId }, tx).Select(t => t.ToRow(_store.Location.Display))];

    /// <summary>
    /// How many of a study's trials are not finished (pending, running, or paused at a rung), counted by the database: an idle runner
    /// asks this at every poll, so it reads at most two rows, not the study's trials. A status no release writes is damage.
    /// </summary>
    public long UnfinishedTrials(long studyId)
    {
        var counts = Read(c => c.Query<(string Status, long Count)>(
            "SELECT status, count(*) FROM trials WHERE study_id = @studyId AND status NOT IN ('completed', 'diverged', 'failed', 'pruned') GROUP BY status",
            new { studyId }).ToList());
        if (counts.FirstOrDefault(s => s.Status is not ("pending" or "running" or "paused")) is { Status: var bad } && bad is not null)
            throw new StoreException($"{_store.Location.Display} is damaged: a trial of study {studyId} has status '{bad}' (pending, running, paused, completed, diverged, failed or pruned)");
        return counts.Sum(s => s.Count);
    }

    /// <summary>Every evaluation of a study's trials.</summary>
    public IReadOnlyList<EvaluationRow> Evaluations(long studyId) =>
        Read(c => Evaluations(c, null, studyId));

    // The study's trials as a subquery, not a join: SQLite then walks the evaluations' primary key in (trial, step)
    // order instead of sorting every row in a temporary B-tree (0.48 against 0.97 s at 500,000 evaluations, bench
    // poll-profile).
    private static List<EvaluationRow> Evaluations(DbConnection c, DbTransaction? tx, long studyId, string columns = "*") =>
        [.. c.Query<StoredEvaluation>(
            $"SELECT {columns} FROM evaluations WHERE trial_id IN (SELECT id FROM trials WHERE study_id = @studyId) ORDER BY trial_id, step", new { studyId }, tx).Select(e => e.ToRow())];

    /// <summary>Snapshot ensembles of a study's trials (tradeoff studies with ensembles on).</summary>
    public IReadOnlyList<EnsembleRow> Ensembles(long studyId) =>
        Read(c => Ensembles(c, null, studyId));

    private static List<EnsembleRow> Ensembles(DbConnection c, DbTransaction? tx, long studyId) =>
        [.. c.Query<EnsembleRow>(
            "SELECT e.* FROM snapshot_ensembles e JOIN trials t ON t.id = e.trial_id WHERE t.study_id = @studyId ORDER BY e.trial_id, e.step, e.members", new { studyId }, tx)];

    /// <summary>Every rung decision of a study's pruner, by trial and rung.</summary>
    public IReadOnlyList<RungDecisionRow> RungDecisions(long studyId) =>
        Read<IReadOnlyList<RungDecisionRow>>(c => [.. c.Query<StoredRungDecision>(StoredRungDecision.OfStudy, new { studyId }).Select(d => d.ToRow(_store.Location.Display))]);

    /// <summary>The step of each rung of the study's pruner, in rung order (the first trial's, when an epoch's rounding moved it by one step).</summary>
    public IReadOnlyList<long> RungSteps(long studyId) =>
        Read<IReadOnlyList<long>>(c => [.. c.Query<long>("SELECT MIN(step) FROM rung_decisions WHERE study_id = @studyId GROUP BY rung ORDER BY rung", new { studyId })]);

    /// <summary>Every decision of a study's race, by round and setting (empty for a study without a racer).</summary>
    public IReadOnlyList<RaceDecisionRow> RaceDecisions(long studyId) =>
        Read<IReadOnlyList<RaceDecisionRow>>(c => [.. c.Query<StoredRaceDecision>(
            "SELECT * FROM race_decisions WHERE study_id = @studyId ORDER BY round, setting", new { studyId })
            .Select(d => d.ToRow(_store.Location.Display))]);

    /// <summary>Every failure of a study's trials, oldest first: the history a retry keeps.</summary>
    public IReadOnlyList<TrialFailure> Failures(long studyId) =>
        Read<IReadOnlyList<TrialFailure>>(c => [.. c.Query<(long TrialId, int Attempt, string FailedAt, string? Worker, string Error)>(
            "SELECT f.trial_id, f.attempt, f.failed_at, f.worker, f.error FROM trial_failures f JOIN trials t ON t.id = f.trial_id WHERE t.study_id = @studyId ORDER BY f.trial_id, f.attempt",
            new { studyId }).Select(f => new TrialFailure(f.TrialId, f.Attempt, f.FailedAt, f.Worker, f.Error))]);

    /// <summary>The range test the study ran, or null (none, or run before the store kept them).</summary>
    public RangeTestResult? RangeTest(long studyId)
    {
        string? json = Read(c => c.QuerySingleOrDefault<string>("SELECT result FROM range_tests WHERE study_id = @studyId", new { studyId }));
        return json is null ? null : StoredRangeTest.Read(studyId, json, _store.Location.Display);
    }

    /// <summary>The LR and loss traces of a study's trials.</summary>
    public IReadOnlyList<TraceRow> Trace(long studyId) =>
        Read(c => Trace(c, null, studyId));

    private static List<TraceRow> Trace(DbConnection c, DbTransaction? tx, long studyId) =>
        [.. c.Query<TraceRow>(
            "SELECT r.* FROM lr_trace r JOIN trials t ON t.id = r.trial_id WHERE t.study_id = @studyId ORDER BY r.trial_id, r.step", new { studyId }, tx)];

    /// <summary>One trial's LR trace, by step (a trial's page: not the whole study's traces).</summary>
    public IReadOnlyList<TraceRow> TraceOfTrial(long trialId) =>
        Read<IReadOnlyList<TraceRow>>(c => [.. c.Query<TraceRow>("SELECT * FROM lr_trace WHERE trial_id = @trialId ORDER BY step", new { trialId })]);

    /// <summary>Finished trials of a task, across all studies.</summary>
    public IReadOnlyList<TrialRow> FinishedTrialsOfTask(long taskId) =>
        Read<IReadOnlyList<TrialRow>>(c => [.. c.Query<StoredTrial>(
            "SELECT * FROM trials WHERE task_id = @taskId AND status IN ('completed', 'diverged', 'failed') ORDER BY study_id, ordinal", new { taskId }).Select(t => t.ToRow(_store.Location.Display))]);

    /// <summary>Every evaluation of the given trials.</summary>
    public IReadOnlyList<EvaluationRow> EvaluationsOfTrials(IReadOnlyCollection<long> trialIds)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        if (trialIds.Count == 0) return [];
        return Read(c => EvaluationsIn(c, null, trialIds));
    }

    /// <summary>Every evaluation of the given trials, by trial and step.</summary>
    private static List<EvaluationRow> EvaluationsIn(DbConnection c, DbTransaction? tx, IEnumerable<long> trialIds, string columns = "*") =>
        [.. InLists(trialIds).SelectMany(list => c.Query<StoredEvaluation>($"SELECT {columns} FROM evaluations WHERE trial_id IN ({list}) ORDER BY trial_id, step", transaction: tx))
            .Select(e => e.ToRow())];

    /// <summary>
    /// Ids as IN lists of at most 500 literal integers: portable across both databases (SQLite has no array
    /// parameters), and safe to put in SQL because they are numbers, never text.
    /// </summary>
    private static IEnumerable<string> InLists(IEnumerable<long> ids) =>
        ids.Chunk(500).Select(chunk => string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The lowest and highest LR each trial's trace used.</summary>
    public IReadOnlyDictionary<long, (double Min, double Max)> LearningRateRanges(IReadOnlyCollection<long> trialIds)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        var result = new Dictionary<long, (double, double)>();
        if (trialIds.Count == 0) return result;
        return Read(c =>
        {
            foreach (string ids in InLists(trialIds))
            {
                foreach (var (id, min, max) in c.Query<(long, double, double)>($"SELECT trial_id, MIN(lr), MAX(lr) FROM lr_trace WHERE trial_id IN ({ids}) GROUP BY trial_id"))
                    result[id] = (min, max);
            }

            return result;
        });
    }

    /// <summary>Runs a read on a fresh connection; a value the rows cannot hold is named as the store's damage (<see cref="StudyStore.Reading{T}"/>).</summary>
    private T Read<T>(Func<DbConnection, T> read) => _store.Reading(() =>
    {
        using var c = _store.Connect();
        return read(c);
    });
}
