using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Models;
using LRBench.Training.Tensors;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// The built-in language-modelling task: a <see cref="CharTransformer"/> predicting each next character of a
/// <see cref="TextCorpus"/>, trained by cross-entropy and ranked by validation bits per character (the loss over ln 2,
/// lower is better).
/// <para>
/// Samples are the corpus cut into windows of the model's context length T, back to back (window i covers characters
/// iT to iT + T, its target the same characters shifted by one), so an epoch reads the training text once. Every
/// position of a window is predicted, the first from one character, the last from T; bits per character average all
/// of them, as nanoGPT's character-level baselines do.
/// </para>
/// </summary>
public static class CharLanguageTask
{
    /// <summary>The name of the task's own metric.</summary>
    public const string MetricName = "bits/char";

    /// <summary>
    /// The task of training <paramref name="model"/> (<see cref="CharTransformerShape"/>) on <paramref name="corpus"/>;
    /// <paramref name="options"/>' train and evaluation limits take seeded subsets of the windows.
    /// </summary>
    public static TrainingTask Create(string model, TextCorpus corpus, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        var shape = CharTransformerShape.Parse(model);
        if (options.ValidationFraction is not null)
            throw new DataException($"{corpus.Name} holds out its own validation text (every {TextCorpus.ValidationEvery}th fortune); remove the validation fraction");
        var train = Windows(corpus.Train, shape.Context, options.TrainLimit, options.Seed, "train-subset", "training");
        var evaluation = Windows(corpus.Validation, shape.Context, options.EvaluationLimit, options.Seed, "evaluation-subset", "validation");
        return new TrainingTask
        {
            Name = $"{corpus.Name}/{model}",
            DataName = corpus.Name,
            ModelName = model,
            Model = () => new CharTransformer(shape, CharVocabulary.Size),
            Train = train,
            Evaluation = evaluation,
            EvaluationName = "validation",
            SampleShape = [shape.Context],
            Objective = new LossObjective(CrossEntropy, new TaskMetric(MetricName, BitsPerCharacter, HigherIsBetter: false)),
            IsBuiltIn = true,
        };
    }

    /// <summary>The mean cross-entropy in nats of (batch, T, vocabulary) logits against (batch, T) next characters.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), target.reshape(-1));
    }

    /// <summary>The mean cross-entropy in bits.</summary>
    public static double BitsPerCharacter(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        return CrossEntropy(logits, target).to_type(ScalarType.Float64).ToNumber() / Math.Log(2);
    }

    /// <summary>Back-to-back windows of <paramref name="context"/> characters with their next characters, optionally a seeded subset.</summary>
    private static TensorBatchSource Windows(string text, int context, int? limit, long seed, string purpose, string what)
    {
        long[] ids = CharVocabulary.Encode(text);
        int count = (ids.Length - 1) / context;
        if (count == 0) throw new DataException($"the {what} text has {ids.Length} characters, fewer than one window of {context} + 1");
        int[] chosen = Enumerable.Range(0, count).ToArray();
        if (limit is int l)
        {
            if (l <= 0) throw new DataException($"the {what} limit must be a positive number of windows, got {l}");
            if (l < count) chosen = [.. SeededRandom.For(seed, purpose, 0).Permutation(count).Take(l).Order()];
        }

        var input = new long[chosen.Length * context];
        var target = new long[chosen.Length * context];
        for (int w = 0; w < chosen.Length; w++)
        {
            Array.Copy(ids, (long)chosen[w] * context, input, (long)w * context, context);
            Array.Copy(ids, ((long)chosen[w] * context) + 1, target, (long)w * context, context);
        }

        return TensorBatchSource.Owned(tensor(input, [chosen.Length, context]), tensor(target, [chosen.Length, context]));
    }
}
