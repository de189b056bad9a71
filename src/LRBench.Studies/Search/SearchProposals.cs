using System.Globalization;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Pruning;
using LRBench.Training.Settings;

namespace LRBench.Studies.Search;

/// <summary>
/// Turns a proposal into trials: for the first <see cref="BayesianSearch"/> of a study with settings left, reads what
/// its settings scored so far from the store's rows, asks <see cref="GpProposer"/> for the next one, and builds its
/// trials (one per method and seed) from the search's first setting, with the searched values in the spec, label and
/// parameters, and the pruner's rungs placed on the new schedule. Runs inside the store's proposal transaction
/// (<see cref="Storage.TrialQueue.UnderStudyLock{T}"/>), so the rows it reads are the ones the new trials join.
/// </summary>
internal sealed class SearchProposals(StudyRow study, long stepsPerEpoch)
{
    /// <summary>The trials of the next setting, or empty when every search has all its settings.</summary>
    public IReadOnlyList<Trial> Next(IReadOnlyList<TrialRow> trials, IReadOnlyList<EvaluationRow> evaluations)
    {
        foreach (var search in study.Searches)
        {
            var mine = trials.Where(t => t.Trial.SearchId == search.Id).ToList();
            var settings = mine.GroupBy(t => t.SpecText).ToList();
            if (settings.Count >= search.Trials || settings.Count == 0) continue;

            var byTrial = evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => (IReadOnlyList<EvaluationRow>)[.. g.OrderBy(e => e.Step)]);
            var finished = new List<(double[] Values, double Score)>();
            var pending = new List<double[]>();
            var existing = new HashSet<string>(settings.Select(g => g.Key));
            foreach (var setting in settings)
            {
                var values = ValuesOf(search, setting.First().Trial);
                if (values is null) continue; // a setting whose spec lacks a searched value: not from this search
                if (setting.All(t => t.Status.IsFinished())) finished.Add((values, Score(setting, byTrial)));
                else pending.Add(values);
            }

            var templates = settings[0].OrderBy(t => t.Ordinal).Select(t => t.Trial).ToList();
            var clock = new RunClock(stepsPerEpoch, null, templates[0].Training.BaseLearningRate);
            var proposed = Samplers.For(search).Propose(new SearchHistory(search, settings.Count, finished, pending), values =>
            {
                var spec = WithValues(templates[0].Policy, search, values);
                return !existing.Contains(SpecFormatter.ToText(spec)) && Compiles(spec, templates[0], clock);
            });
            if (proposed is null) continue;
            return [.. templates.Select(t => Build(search, t, proposed, clock))];
        }

        return [];
    }

    /// <summary>A setting's score: the mean over its trials of each one's score as the ranking reads it (NaN when one diverged).</summary>
    private double Score(IEnumerable<TrialRow> setting, Dictionary<long, IReadOnlyList<EvaluationRow>> byTrial)
    {
        var scores = new List<double>();
        foreach (var t in setting)
        {
            if (t.Status is TrialStatus.Diverged or TrialStatus.Failed) return double.NaN;
            var s = Ranking.Score(t, byTrial.TryGetValue(t.Id, out var e) ? e : [], null, study.Metric);
            if (s is null) return double.NaN;
            scores.Add(!double.IsNaN(s.Top1) ? s.Top1 : study.Metric is { } m && !double.IsNaN(s.Metric) ? (m.HigherIsBetter ? s.Metric : -s.Metric) : -s.Loss);
        }

        return scores.Count == 0 ? double.NaN : scores.Average();
    }

    private static double[]? ValuesOf(BayesianSearch search, Trial trial)
    {
        var values = new double[search.Space.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var arg = trial.Policy.Arguments.FirstOrDefault(a => a.Name == search.Space[i].Key);
            if (arg?.Value is not NumberValue n) return null;
            values[i] = n.Value;
        }

        return values;
    }

    private static PolicySpec WithValues(PolicySpec template, BayesianSearch search, double[] values)
    {
        var replaced = search.Space.Select((p, i) => (p.Key, Value: values[i])).ToDictionary(a => a.Key, a => a.Value);
        return template with { Arguments = [.. template.Arguments.Select(a => replaced.TryGetValue(a.Name ?? "", out double v) ? a with { Value = new NumberValue(v) } : a)] };
    }

    private bool Compiles(PolicySpec spec, Trial template, RunClock clock)
    {
        try
        {
            var full = clock with { TotalSteps = template.BudgetSteps(stepsPerEpoch) };
            _ = LRBench.Adaptive.Policies.Registry.Compile(spec, full);
            return true;
        }
        catch (Exception e) when (e is SpecException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A trial of the new setting, made from the search's first setting's trial of the same method and seed.</summary>
    private Trial Build(BayesianSearch search, Trial template, double[] values, RunClock clock)
    {
        var spec = WithValues(template.Policy, search, values);
        var texts = search.Space.Select((p, i) => (p.Key, Text: values[i].ToString("G6", CultureInfo.InvariantCulture))).ToList();
        var parameters = template.Parameters.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (key, text) in texts) parameters[key] = text;
        var training = template.Training with { Policy = spec };
        var rungs = template.Rungs;
        if (rungs.Count > 0 && study.Pruner is { } pruner)
        {
            long total = template.BudgetSteps(stepsPerEpoch);
            var schedule = LRBench.Adaptive.Policies.Registry.Compile(spec, clock with { TotalSteps = total });
            long probe = template.Training.AnnealProbes?.Length ?? (pruner.Fair is { } f ? Math.Max(1, (long)Math.Round(clock.ToSteps(f.Anneal, "anneal"))) : 0);
            rungs = RungPlanner.Place([.. template.Rungs.Select(r => r.RungStep)], schedule is AdaptiveSchedule ? null : schedule.LearningRate, pruner.Fair, probe);
            var oldJudged = template.Rungs.Select(r => r.Step).ToHashSet();
            training = training with
            {
                EvaluateAtSteps = [.. template.Training.EvaluateAtSteps.Where(s => !oldJudged.Contains(s)).Concat(rungs.Select(r => r.Step)).Distinct().Order()],
                AnnealProbes = rungs.Any(r => r.ProbeSteps > 0) ? new AnnealProbes([.. rungs.Where(r => r.ProbeSteps > 0).Select(r => r.Step)], probe) : null,
            };
        }

        return template with
        {
            Key = Trial.KeyOf(spec, template.Method, template.Seed, null, template.ChosenOptimizer),
            Label = $"{search.Function} {string.Join(" ", texts.Select(t => $"{t.Key}={t.Text}"))}" + (template.OwnOptimizer ? $" · {template.Training.Optimizer.Name}" : ""),
            Parameters = parameters,
            Training = training,
            Rungs = rungs,
        };
    }
}
