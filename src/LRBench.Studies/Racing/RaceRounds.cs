using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Racing;

/// <summary>
/// Moves a study's race on, in the store: when every trial of the current round has finished, the round is judged
/// (<see cref="RaceTest"/>), its decisions are recorded, and the next seed's trials of the settings that continue are
/// added, all in one transaction under the study's lock. Any worker may do it; a round is judged once (its decisions
/// are keyed by round and setting), so a worker killed half-way leaves either the whole round or none of it.
/// </summary>
public static class RaceRounds
{
    /// <summary>True when the next round's trials were added (there is work to claim).</summary>
    /// <param name="queue">The store's queue.</param>
    /// <param name="study">The study; without a racer nothing happens.</param>
    /// <param name="worker">Who decides (recorded with the decisions).</param>
    public static bool Advance(TrialQueue queue, StudyRow study, string worker)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(study);
        if (study.Racer is not { } racer) return false;
        return queue.UnderStudyLock(study.Id, held => AdvanceHeld(held, study, racer, worker ?? ""));
    }

    private static bool AdvanceHeld(StudyLock held, StudyRow study, RacerDefinition racer, string worker)
    {
        var decided = held.RaceDecisions();
        if (decided.Any(d => d.Decision == RaceDecision.Finalist)) return false; // the race is over
        int done = decided.Count == 0 ? 0 : decided.Max(d => d.Round);
        int seedsGiven = Math.Min(racer.FirstSeeds + done, racer.Seeds.Count);
        var inPlay = racer.Seeds.Take(seedsGiven).ToHashSet();
        var out_ = decided.Where(d => d.Decision == RaceDecision.Eliminated).Select(d => d.Setting).ToHashSet();

        var trials = held.Trials();
        var settings = trials.GroupBy(t => t.Trial.SettingKey).Where(g => !out_.Contains(g.Key)).ToList();
        if (settings.Count == 0) return false;
        var racing = settings.SelectMany(g => g).Where(t => inPlay.Contains(t.Seed)).ToList();
        if (racing.Any(t => !t.Status.IsFinished())) return false; // the round is still running
        var missing = settings.Where(g => inPlay.Any(s => !g.Any(t => t.Seed == s))).ToList();
        if (missing.Count > 0)
            throw new StoreException($"study {study.Id} is damaged: its race gave {seedsGiven} seeds, but setting {missing[0].First().Label} has no trial for some of them");

        var evaluations = held.Evaluations().GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => (IReadOnlyList<EvaluationRow>)[.. g.OrderBy(e => e.Step)]);
        var all = evaluations.Values.SelectMany(e => e).ToList();
        string key = Ranking.SortKeyFor(all, "top1", study.Metric);
        bool higher = key == "metric" ? study.Metric!.HigherIsBetter : Ranking.SortKeys[key];
        var scoreOf = Ranking.ScoreOf(key);
        var entrants = settings.Select(g => Entrant(g.Key, [.. g.Where(t => inPlay.Contains(t.Seed))], evaluations, study.Metric, scoreOf, higher)).ToList();

        int round = done + 1;
        var verdicts = RaceTest.Judge(entrants, racer.Test, racer.Alpha);
        var continuing = verdicts.Where(v => !v.Eliminated).Select(v => v.Setting).ToHashSet();
        bool ends = continuing.Count <= 1 || seedsGiven >= racer.Seeds.Count;
        var templates = settings.Where(g => continuing.Contains(g.Key)).Select(g => g.OrderBy(t => t.Ordinal).First()).ToList();
        string budget = ends ? "" : OverBudget(held, trials, templates, racer);
        ends |= budget.Length > 0;
        foreach (var (entrant, verdict) in entrants.Zip(verdicts))
        {
            var decision = verdict.Eliminated ? RaceDecision.Eliminated : ends ? RaceDecision.Finalist : RaceDecision.Continues;
            double mean = entrant.Scores.Count == 0 ? double.NaN : entrant.Scores.Values.Average();
            string reason = decision == RaceDecision.Finalist ? verdict.Reason + budget : verdict.Reason;
            held.RecordRaceDecision(new RaceDecisionRow(round, entrant.Setting, entrant.Label, entrant.Scores.Count, mean, decision, verdict.Statistic, verdict.PValue, reason, worker));
        }

        if (ends) return false;
        long next = racer.Seeds[seedsGiven];
        held.AddTrials([.. templates.Select(t => RaceSetting.WithSeed(t.Trial, next, unpruned: racer.ScreensFirstRungOnly))]);
        return true;
    }

    /// <summary>
    /// Empty when the next round fits the race's compute budget; otherwise the note its finalists carry. The next round
    /// costs each continuing setting's full budget (later seeds may be pruned, but the budget must hold if they are not).
    /// </summary>
    private static string OverBudget(StudyLock held, IReadOnlyList<TrialRow> trials, IReadOnlyList<TrialRow> templates, RacerDefinition racer)
    {
        if (racer.MaxCompute >= 1) return "";
        var tasks = held.Tasks();
        var used = StudyCompute.Of(trials, tasks, held.RungDecisions(), racer: racer);
        double next = StudyCompute.Of(templates, tasks).FullEpochs;
        double allowed = racer.MaxCompute * used.FullEpochs;
        if (used.UsedEpochs + next <= allowed * (1 + 1e-9)) return "";
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Format(c, "; no room for another seed within max_compute {0:0.###} ({1:0.#} + {2:0.#} > {3:0.#} of {4:0.#} epochs)",
            racer.MaxCompute, used.UsedEpochs, next, allowed, used.FullEpochs);
    }

    /// <summary>
    /// The most trials the race can still come to: every seed for each setting not eliminated, the trials it has for
    /// each one that is (a progress display's total; the race usually ends below it).
    /// </summary>
    public static int MostTrials(StudyRow study, IReadOnlyList<TrialRow> trials, IReadOnlyList<RaceDecisionRow> decisions)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(decisions);
        if (study.Racer is not { } racer) return trials.Count;
        bool over = decisions.Any(d => d.Decision == RaceDecision.Finalist);
        var eliminated = decisions.Where(d => d.Decision == RaceDecision.Eliminated).Select(d => d.Setting).ToHashSet();
        return trials.GroupBy(t => t.Trial.SettingKey).Sum(g => over || eliminated.Contains(g.Key) ? g.Count() : racer.Seeds.Count);
    }

    private static RaceEntrant Entrant(
        string setting, List<TrialRow> seeds, Dictionary<long, IReadOnlyList<EvaluationRow>> evaluations, StudyMetric? metric, Func<TrialScore, double> scoreOf, bool higher)
    {
        var first = seeds.OrderBy(t => t.Ordinal).First();
        string label = first.Label + (first.Method == "baseline" ? "" : $" [{first.Method}]");
        var broken = seeds.OrderBy(t => t.Seed).FirstOrDefault(t => t.Status != TrialStatus.Completed);
        var scores = new Dictionary<long, double>();
        foreach (var t in seeds.Where(t => t.Status == TrialStatus.Completed))
        {
            var score = Ranking.Score(t, evaluations.TryGetValue(t.Id, out var e) ? e : [], null, metric);
            double v = score is null ? double.NaN : scoreOf(score);
            if (double.IsFinite(v)) scores[t.Seed] = higher ? v : -v;
        }

        string? why = broken is null ? null : $"seed {broken.Seed} {broken.Status.ToText()}";
        if (why is null && scores.Count < seeds.Count) why = "a seed has no score (nothing was evaluated)";
        return new RaceEntrant(setting, label, scores, why);
    }
}
