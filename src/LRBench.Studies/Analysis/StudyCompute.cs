using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Analysis;

/// <summary>
/// The compute a study has used and what the whole study costs, in epochs of its task: each trial's budget (a fork
/// only its own cool-down, the trunk's steps being the trunk's), and the steps its finished trials trained. The store
/// records steps when a trial ends or pauses, so running and pending trials count as nothing used yet. A pruned trial counts the steps it
/// trained; fair rungs' anneal probes (recorded with the rung decisions) count their steps too. A raced study's whole is
/// every seed of every setting, as if it had not raced.
/// </summary>
public sealed record StudyCompute(double UsedEpochs, double FullEpochs)
{
    /// <summary>The used share of the whole, in percent (0 for an empty study).</summary>
    public double Percent => FullEpochs > 0 ? 100 * UsedEpochs / FullEpochs : 0;

    /// <summary>Adds up a study's trials; <paramref name="tasks"/> give each trial's epoch length.</summary>
    /// <param name="trials">The study's trials.</param>
    /// <param name="tasks">The store's tasks (each trial's epoch length).</param>
    /// <param name="decisions">The pruner's rung decisions (their probes' steps count as used).</param>
    /// <param name="searches">Bayesian searches: the settings they will still propose count in the whole.</param>
    /// <param name="racer">A race: the whole is every seed of every setting, the study without its race.</param>
    public static StudyCompute Of(
        IReadOnlyList<TrialRow> trials, IReadOnlyList<TaskRow> tasks, IReadOnlyList<RungDecisionRow>? decisions = null, IReadOnlyList<BayesianSearch>? searches = null,
        RacerDefinition? racer = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(tasks);
        var epochLength = tasks.ToDictionary(t => t.Id, t => t.StepsPerEpoch);
        double used = 0, full = 0;
        foreach (var t in trials)
        {
            if (t.TaskId is not long id || !epochLength.TryGetValue(id, out long spe) || spe <= 0) continue;
            long start = t.Trial.Curve?.StartFromStep ?? 0;
            double budget = t.Trial.BudgetSteps(spe);
            full += (budget - start) / spe;
            if ((t.Status.IsFinished() || t.Status == TrialStatus.Paused) && t.Steps is long steps) used += Math.Max(0, steps - (t.StartedFromStep ?? start)) / (double)spe;
        }

        foreach (var (settings, template) in SearchBudget.Remaining(searches ?? [], trials))
        {
            foreach (var t in template)
            {
                if (t.TaskId is not long id || !epochLength.TryGetValue(id, out long spe) || spe <= 0) continue;
                full += settings * t.Trial.BudgetSteps(spe) / (double)spe;
            }
        }

        if (racer is not null)
        {
            foreach (var setting in trials.GroupBy(t => t.Trial.SettingKey))
            {
                var t = setting.First();
                if (t.TaskId is long id && epochLength.TryGetValue(id, out long spe) && spe > 0)
                    full += Math.Max(0, racer.Seeds.Count - setting.Count()) * t.Trial.BudgetSteps(spe) / (double)spe;
            }
        }

        var trialTask = trials.ToDictionary(t => t.Id, t => t.TaskId);
        foreach (var d in decisions ?? [])
        {
            if (d.ProbeSteps > 0 && trialTask.TryGetValue(d.TrialId, out long? id) && id is long task && epochLength.TryGetValue(task, out long spe) && spe > 0)
                used += d.ProbeSteps / (double)spe;
        }

        return new StudyCompute(used, full);
    }
}
