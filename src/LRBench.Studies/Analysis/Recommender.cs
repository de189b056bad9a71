using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Training.Data;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Recommends policies for a new task from the results already in a store. Similarity, as points: same data set 4;
/// same input shape (image channels, height and width; a language model's context) 2; same number of classes 1;
/// training set within a factor of 2 in size 1; same model 3, or else same model family (mlp, lenet, cnn, resnet,
/// transformer) 2; and, when the new task states them, same optimizer 1, batch size within a factor of 2 1, budget
/// within a factor of 2 in steps 1. Only tasks with at least <see cref="MinimumScore"/> points count (they must share
/// at least the data set, or the input shape and the model family); the best-scoring tasks are used, their finished
/// trials ranked as in a study, and each recommended policy comes with the LR range its schedule spanned (lowest and
/// highest LR of its trace).
/// </summary>
public static class Recommender
{
    /// <summary>The fewest similarity points a stored task needs to count.</summary>
    public const int MinimumScore = 4;

    /// <summary>Scores how similar a stored task is to the described one, with the reasons.</summary>
    public static SimilarTask Similarity(TaskRow stored, string dataset, string model, ImageShape shape, int classes, int trainSamples) =>
        Similarity(stored, Describe(dataset, model, shape, classes, trainSamples));

    /// <summary>
    /// Scores how similar a stored task is to <paramref name="wanted"/> (the new task described as a store describes
    /// its tasks, <see cref="TaskRow.Describe"/>; an empty optimizer, or a batch size or budget of 0, is not compared),
    /// with what matches and what differs.
    /// </summary>
    public static SimilarTask Similarity(TaskRow stored, TaskRow wanted)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(wanted);
        var reasons = new List<string>();
        var differences = new List<string>();
        int score = 0;
        void Point(bool match, int points, string same, string other)
        {
            if (match)
            {
                score += points;
                reasons.Add(same);
            }
            else
            {
                differences.Add(other);
            }
        }

        static bool Within2(long a, long b) => a > 0 && b > 0 && Math.Max(a, b) <= 2.0 * Math.Min(a, b);
        Point(string.Equals(stored.Dataset, wanted.Dataset, StringComparison.OrdinalIgnoreCase), 4, "same data set", $"data set {stored.Dataset}");
        string shape = $"{wanted.Channels}x{wanted.Height}x{wanted.Width}";
        Point(stored.Channels == wanted.Channels && stored.Height == wanted.Height && stored.Width == wanted.Width, 2,
            $"same {(wanted.Classes > 0 ? "image" : "input")} shape {shape}", $"input {stored.Channels}x{stored.Height}x{stored.Width}");
        Point(stored.Classes == wanted.Classes, 1, wanted.Classes > 0 ? $"{wanted.Classes} classes" : "not classification", stored.Classes > 0 ? $"{stored.Classes} classes" : "not classification");
        Point(Within2(stored.TrainSamples, wanted.TrainSamples), 1, "similar training set size", $"{stored.TrainSamples} training samples");
        if (string.Equals(stored.Model, wanted.Model, StringComparison.OrdinalIgnoreCase))
        {
            score += 3;
            reasons.Add("same model");
        }
        else
        {
            Point(stored.ModelFamily == wanted.ModelFamily, 2, $"same model family ({stored.ModelFamily})", $"model {stored.Model} ({stored.ModelFamily})");
        }

        if (wanted.Optimizer.Length > 0)
            Point(string.Equals(stored.Optimizer, wanted.Optimizer, StringComparison.OrdinalIgnoreCase), 1, $"same optimizer ({wanted.Optimizer})", $"optimizer {stored.Optimizer}");
        if (wanted.BatchSize > 0) Point(Within2(stored.BatchSize, wanted.BatchSize), 1, "batch size within 2x", $"batch size {stored.BatchSize}");
        if (wanted.BudgetSteps is long want)
            Point(stored.BudgetSteps is long have && Within2(have, want), 1, "budget within 2x", $"budget {stored.Budget}" + (stored.BudgetSteps is long st ? $" ({st} steps)" : ""));
        return new SimilarTask(stored, score, reasons) { Differences = differences };
    }

    /// <summary>The <paramref name="top"/> best policies of the most similar stored tasks, with their LR ranges and the evidence.</summary>
    public static RecommendationResult Recommend(ITaskResults store, string dataset, string model, ImageShape shape, int classes, int trainSamples, int top = 5) =>
        Recommend(store, Describe(dataset, model, shape, classes, trainSamples), top, null);

    /// <summary>
    /// The <paramref name="top"/> best policies of the stored tasks most similar to <paramref name="wanted"/>, with their
    /// LR ranges and the evidence. <paramref name="ruleSpecs"/> gives, for a stored study, each trial key's spec as its
    /// file wrote it when the study resolved it from a range test ($k1, $minimum, ...): the recommendation then also
    /// carries that rule (<see cref="Recommendation.RuleSpec"/>), which transfers to a new task where numbers may not.
    /// </summary>
    public static RecommendationResult Recommend(ITaskResults store, TaskRow wanted, int top, Func<long, IReadOnlyDictionary<string, string>>? ruleSpecs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(wanted);
        var scored = store.Tasks()
            .Select(t => Similarity(t, wanted))
            .Where(s => s.Score >= MinimumScore)
            .OrderByDescending(s => s.Score)
            .ToList();
        if (scored.Count == 0) return new RecommendationResult([], []);

        int best = scored[0].Score;
        var recommendations = new List<Recommendation>();
        var rules = new Dictionary<long, IReadOnlyDictionary<string, string>>();
        foreach (var task in scored.Where(s => s.Score == best))
        {
            var trials = store.FinishedTrialsOfTask(task.Task.Id);
            var ids = trials.Select(t => t.Id).ToList();
            var ranking = Ranking.Rank(trials, store.EvaluationsOfTrials(ids), null);
            var ranges = store.LearningRateRanges(ids);
            foreach (var p in ranking.Where(p => p.Diverged + p.Failed + p.Pruned == 0))
            {
                var spans = p.Trials.Select(t => ranges.TryGetValue(t.Trial.Id, out var r) ? r : (double.NaN, double.NaN)).Where(r => !double.IsNaN(r.Item1)).ToList();
                string? rule = null;
                if (ruleSpecs is not null && p.Trials.Count > 0)
                {
                    long study = p.Trials[0].Trial.StudyId;
                    if (!rules.TryGetValue(study, out var map)) rules[study] = map = ruleSpecs(study);
                    rule = map.GetValueOrDefault(p.Trials[0].Trial.TrialKey);
                }

                recommendations.Add(new Recommendation(p, task,
                    spans.Count > 0 ? spans.Min(r => r.Item1) : double.NaN, spans.Count > 0 ? spans.Max(r => r.Item2) : double.NaN) { RuleSpec = rule });
            }
        }

        var ordered = recommendations.OrderBy(r => r.Policy.Rank).ThenByDescending(r => r.Policy.Top1.Mean).Take(top).ToList();
        return new RecommendationResult(scored, ordered);
    }

    private static TaskRow Describe(string dataset, string model, ImageShape shape, int classes, int trainSamples) => new()
    {
        Dataset = dataset, Model = model, ModelFamily = TaskDefinition.FamilyOf(model),
        Channels = shape.Channels, Height = shape.Height, Width = shape.Width, Classes = classes, TrainSamples = trainSamples,
    };
}
