using System.Data.Common;
using Dapper;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Storage;

/// <summary>
/// One transaction holding a study's lock (<see cref="TrialQueue.UnderStudyLock{T}"/>): what it reads is what its
/// writes join, and no other worker reads or writes the study's rung decisions or search settings meanwhile. Pruners
/// and samplers decide from what it reads; it knows nothing of their rules. Valid only inside the call that gave it.
/// </summary>
public sealed class StudyLock
{
    private readonly DbConnection _c;
    private readonly DbTransaction _tx;
    private readonly TrialQueue _queue;
    private bool _closed;

    internal StudyLock(DbConnection c, DbTransaction tx, TrialQueue queue, long studyId)
    {
        _c = c;
        _tx = tx;
        _queue = queue;
        StudyId = studyId;
    }

    /// <summary>The study locked.</summary>
    public long StudyId { get; }

    internal void Close() => _closed = true;

    private DbConnection C => _closed ? throw new InvalidOperationException("the study's lock was released: use it only inside UnderStudyLock") : _c;

    /// <summary>True while the claim's attempt still owns its running trial.</summary>
    public bool Owns(TrialClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return TrialQueue.Owns(C, _tx, claim);
    }

    /// <summary>The decision recorded for a trial at a rung (by an earlier attempt), or null.</summary>
    public RungDecision? RecordedDecision(long trialId, int rung)
    {
        string? recorded = C.QuerySingleOrDefault<string>("SELECT decision FROM rung_decisions WHERE study_id = @studyId AND rung = @rung AND trial_id = @trialId",
            new { studyId = StudyId, rung, trialId }, _tx);
        return recorded is null ? null : RungDecisionText.Parse(recorded);
    }

    /// <summary>
    /// The scores other trials recorded at a rung (NaN where nothing was measured); with <paramref name="pairedWith"/>,
    /// only those of trials of that seed and method.
    /// </summary>
    public IReadOnlyList<double> ScoresAtRung(int rung, long exceptTrialId, TrialRow? pairedWith = null) => [.. C.Query<double?>(
        """
        SELECT d.score FROM rung_decisions d JOIN trials t ON t.id = d.trial_id
        WHERE d.study_id = @studyId AND d.rung = @rung AND d.trial_id <> @trialId AND (@paired = 0 OR (t.seed = @seed AND t.method = @method))
        """,
        new { studyId = StudyId, rung, trialId = exceptTrialId, paired = pairedWith is null ? 0 : 1, seed = pairedWith?.Seed ?? 0, method = pairedWith?.Method ?? "" }, _tx)
        .Select(s => s ?? double.NaN)];

    /// <summary>
    /// Every trial recorded at a rung with its score and whether it still waits there (decision pause); with
    /// <paramref name="pairedWith"/>, only the trials of that seed and method.
    /// </summary>
    public IReadOnlyList<RungStanding> Standings(int rung, TrialRow? pairedWith = null) => [.. C.Query<(long TrialId, double? Score, string Decision)>(
        """
        SELECT d.trial_id, d.score, d.decision FROM rung_decisions d JOIN trials t ON t.id = d.trial_id
        WHERE d.study_id = @studyId AND d.rung = @rung AND (@paired = 0 OR (t.seed = @seed AND t.method = @method))
        ORDER BY d.trial_id
        """,
        new { studyId = StudyId, rung, paired = pairedWith is null ? 0 : 1, seed = pairedWith?.Seed ?? 0, method = pairedWith?.Method ?? "" }, _tx)
        .Select(d => new RungStanding(d.TrialId, d.Score ?? double.NaN, RungDecisionText.Parse(d.Decision) == RungDecision.Pause))];

    /// <summary>The trials waiting at a rung (decision pause), with the rung, lowest rung first.</summary>
    public IReadOnlyList<(TrialRow Trial, int Rung)> Waiting()
    {
        var rungs = C.Query<(long TrialId, int Rung)>(
            "SELECT trial_id, rung FROM rung_decisions WHERE study_id = @studyId AND decision = 'pause' ORDER BY rung, trial_id", new { studyId = StudyId }, _tx).ToList();
        var trials = Trials().ToDictionary(t => t.Id);
        return [.. rungs.Where(r => trials.ContainsKey(r.TrialId)).Select(r => (trials[r.TrialId], r.Rung))];
    }

    /// <summary>
    /// Promotes a trial waiting at a rung: its decision there becomes continue, and a paused trial is pending again,
    /// first in the queue (by the highest rung promoted from). A trial still running (it is stopping to wait) is only
    /// marked: it becomes pending instead of paused when it stops (<see cref="TrialQueue.Pause"/>).
    /// </summary>
    public void Promote(long trialId, int rung)
    {
        C.Execute("UPDATE rung_decisions SET decision = 'continue', decided_at = @now WHERE study_id = @studyId AND rung = @rung AND trial_id = @trialId AND decision = 'pause'",
            new { studyId = StudyId, rung, trialId, now = _queue.Now() }, _tx);
        C.Execute("UPDATE trials SET status = CASE WHEN status = 'paused' THEN 'pending' ELSE status END, promoted_rung = @rung WHERE id = @trialId AND study_id = @studyId",
            new { studyId = StudyId, rung, trialId }, _tx);
    }

    /// <summary>
    /// Ends the wait of a trial the study finished without promoting: its decision at the rung becomes stop and the
    /// paused trial is pruned there (its results as written when it paused).
    /// </summary>
    public void PruneWaiting(long trialId, int rung)
    {
        C.Execute("UPDATE rung_decisions SET decision = 'stop', decided_at = @now WHERE study_id = @studyId AND rung = @rung AND trial_id = @trialId AND decision = 'pause'",
            new { studyId = StudyId, rung, trialId, now = _queue.Now() }, _tx);
        C.Execute("UPDATE trials SET status = 'pruned' WHERE id = @trialId AND study_id = @studyId AND status = 'paused'",
            new { studyId = StudyId, trialId }, _tx);
    }

    /// <summary>How many of the study's trials are pending or running (the others are finished or paused).</summary>
    public int Active() => C.ExecuteScalar<int>("SELECT count(*) FROM trials WHERE study_id = @studyId AND status IN ('pending', 'running')", new { studyId = StudyId }, _tx);

    /// <summary>A trial's own measured scores at the rungs before <paramref name="rung"/>.</summary>
    public IReadOnlyList<double> EarlierScores(long trialId, int rung) => [.. C.Query<double?>(
        "SELECT score FROM rung_decisions WHERE study_id = @studyId AND trial_id = @trialId AND rung < @rung ORDER BY rung",
        new { studyId = StudyId, rung, trialId }, _tx).Where(s => s is not null).Select(s => s!.Value)];

    /// <summary>Records a claimed trial's decision at a rung, with its score, worker and attempt.</summary>
    public void RecordDecision(TrialClaim claim, Rung rung, double score, RungDecision decision)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(rung);
        C.Execute(
            """
            INSERT INTO rung_decisions (study_id, rung, trial_id, step, probe_steps, score, decision, worker, attempt, decided_at)
            VALUES (@studyId, @rung, @trialId, @step, @probe, @score, @decision, @worker, @attempt, @now)
            """,
            new
            {
                studyId = StudyId, rung = rung.Index, trialId = claim.Trial.Id, step = rung.Step, probe = rung.ProbeSteps, score = double.IsNaN(score) ? (double?)null : score,
                decision = decision.ToText(), worker = claim.Trial.Worker ?? "", attempt = claim.Attempt, now = _queue.Now(),
            }, _tx);
    }

    /// <summary>The race's decisions so far, by round.</summary>
    public IReadOnlyList<RaceDecisionRow> RaceDecisions() => [.. C.Query<StoredRaceDecision>(
        "SELECT * FROM race_decisions WHERE study_id = @studyId ORDER BY round, setting", new { studyId = StudyId }, _tx)
        .Select(d => d.ToRow(_queue.StoreDisplay))];

    /// <summary>Records a round's decision for one setting (once: the round and setting are the row's key).</summary>
    public void RecordRaceDecision(RaceDecisionRow decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        C.Execute(
            """
            INSERT INTO race_decisions (study_id, round, setting, label, seeds, mean_score, decision, statistic, p_value, reason, worker, decided_at)
            VALUES (@studyId, @Round, @Setting, @Label, @Seeds, @mean, @decision, @statistic, @p, @Reason, @Worker, @now)
            """,
            new
            {
                studyId = StudyId, decision.Round, decision.Setting, decision.Label, decision.Seeds, decision.Reason, decision.Worker,
                mean = Finite(decision.MeanScore), decision = decision.Decision.ToText(), statistic = Finite(decision.Statistic),
                p = Finite(decision.PValue), now = _queue.Now(),
            }, _tx);

        static double? Finite(double v) => double.IsFinite(v) ? v : null;
    }

    /// <summary>The study's trials, in queue order.</summary>
    public IReadOnlyList<TrialRow> Trials() =>
        [.. C.Query<StoredTrial>("SELECT * FROM trials WHERE study_id = @studyId ORDER BY ordinal", new { studyId = StudyId }, _tx).Select(t => t.ToRow(_queue.StoreDisplay))];

    /// <summary>The tasks the study's trials run on (their epoch lengths measure compute).</summary>
    public IReadOnlyList<TaskRow> Tasks() => [.. C.Query<TaskRow>(
        "SELECT * FROM tasks WHERE id IN (SELECT task_id FROM trials WHERE study_id = @studyId) ORDER BY id", new { studyId = StudyId }, _tx)];

    /// <summary>The study's rung decisions (their anneal probes count as compute), by trial and rung.</summary>
    public IReadOnlyList<RungDecisionRow> RungDecisions() =>
        [.. C.Query<StoredRungDecision>(StoredRungDecision.OfStudy, new { studyId = StudyId }, _tx).Select(d => d.ToRow(_queue.StoreDisplay))];

    /// <summary>The study's evaluations, by trial and step.</summary>
    public IReadOnlyList<EvaluationRow> Evaluations() => [.. C.Query<StoredEvaluation>(
        "SELECT e.* FROM evaluations e JOIN trials t ON t.id = e.trial_id WHERE t.study_id = @studyId ORDER BY e.trial_id, e.step",
        new { studyId = StudyId }, _tx).Select(e => e.ToRow())];

    /// <summary>Adds trials after the study's others, on the task of its first trial (a search's next setting).</summary>
    public void AddTrials(IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0) return;
        var first = C.QueryFirstOrDefault<(long? TaskId, int Ordinal)?>(
            "SELECT (SELECT task_id FROM trials WHERE study_id = @studyId ORDER BY ordinal LIMIT 1) AS task_id, COALESCE(MAX(ordinal), -1) AS ordinal FROM trials WHERE study_id = @studyId",
            new { studyId = StudyId }, _tx);
        TrialQueue.AddTrials(C, _tx, StudyId, first?.TaskId, trials, (first?.Ordinal ?? -1) + 1);
    }
}
