using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Training.Data;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Recommends policies for a new task from the results already in a store. Similarity, as points: same data set 4;
/// same image shape 2; same number of classes 1; training set within a factor of 2 in size 1; same model 3, or else
/// same model family (mlp, lenet, cnn, resnet) 2. Only tasks with at least <see cref="MinimumScore"/> points count
/// (they must share at least the data set, or the image shape and the model family); the best-scoring tasks are used,
/// their finished trials ranked as in a study, and each recommended policy comes with the LR range its schedule
/// spanned (lowest and highest LR of its trace).
/// </summary>
public static class Recommender
{
    /// <summary>The fewest similarity points a stored task needs to count.</summary>
    public const int MinimumScore = 4;

    /// <summary>Scores how similar a stored task is to the described one, with the reasons.</summary>
    public static SimilarTask Similarity(TaskRow stored, string dataset, string model, ImageShape shape, int classes, int trainSamples)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var reasons = new List<string>();
        int score = 0;
        if (string.Equals(stored.Dataset, dataset, StringComparison.OrdinalIgnoreCase))
        {
            score += 4;
            reasons.Add("same data set");
        }

        if (stored.Channels == shape.Channels && stored.Height == shape.Height && stored.Width == shape.Width)
        {
            score += 2;
            reasons.Add($"same image shape {shape}");
        }

        if (stored.Classes == classes)
        {
            score += 1;
            reasons.Add($"{classes} classes");
        }

        if (stored.TrainSamples > 0 && trainSamples > 0 && Math.Max(stored.TrainSamples, trainSamples) <= 2.0 * Math.Min(stored.TrainSamples, trainSamples))
        {
            score += 1;
            reasons.Add("similar training set size");
        }

        if (string.Equals(stored.Model, model, StringComparison.OrdinalIgnoreCase))
        {
            score += 3;
            reasons.Add("same model");
        }
        else if (stored.ModelFamily == TaskDefinition.FamilyOf(model))
        {
            score += 2;
            reasons.Add($"same model family ({stored.ModelFamily})");
        }

        return new SimilarTask(stored, score, reasons);
    }

    /// <summary>The <paramref name="top"/> best policies of the most similar stored tasks, with their LR ranges and the evidence.</summary>
    public static RecommendationResult Recommend(ITaskResults store, string dataset, string model, ImageShape shape, int classes, int trainSamples, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(store);
        var scored = store.Tasks()
            .Select(t => Similarity(t, dataset, model, shape, classes, trainSamples))
            .Where(s => s.Score >= MinimumScore)
            .OrderByDescending(s => s.Score)
            .ToList();
        if (scored.Count == 0) return new RecommendationResult([], []);

        int best = scored[0].Score;
        var recommendations = new List<Recommendation>();
        foreach (var task in scored.Where(s => s.Score == best))
        {
            var trials = store.FinishedTrialsOfTask(task.Task.Id);
            var ids = trials.Select(t => t.Id).ToList();
            var ranking = Ranking.Rank(trials, store.EvaluationsOfTrials(ids), null);
            var ranges = store.LearningRateRanges(ids);
            foreach (var p in ranking.Where(p => p.Diverged + p.Failed + p.Pruned == 0))
            {
                var spans = p.Trials.Select(t => ranges.TryGetValue(t.Trial.Id, out var r) ? r : (double.NaN, double.NaN)).Where(r => !double.IsNaN(r.Item1)).ToList();
                recommendations.Add(new Recommendation(p, task,
                    spans.Count > 0 ? spans.Min(r => r.Item1) : double.NaN, spans.Count > 0 ? spans.Max(r => r.Item2) : double.NaN));
            }
        }

        var ordered = recommendations.OrderByDescending(r => r.Policy.Top1.Mean).ThenBy(r => r.Policy.IterAtBest.Mean).Take(top).ToList();
        return new RecommendationResult(scored, ordered);
    }
}
