using LRBench.Training.Data;
using LRBench.Training.Models;

namespace LRBench.Training.Tasks;

/// <summary>
/// The tasks LRBench builds from a data set name and a zoo model name: image classification
/// (<see cref="ImageClassificationTask"/>) or, on a text corpus, character-level language modelling
/// (<see cref="CharLanguageTask"/>).
/// </summary>
public static class BuiltInTasks
{
    /// <summary>Loads the data and builds the task; throws <see cref="DataException"/> for missing data.</summary>
    public static TrainingTask Create(DataOptions data, string model)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        CheckModel(data.Dataset, model);
        return DataCatalogue.IsText(data.Dataset)
            ? CharLanguageTask.Create(model, DataCatalogue.LoadText(data), data)
            : ImageClassificationTask.Create(model, DataCatalogue.Load(data));
    }

    /// <summary>
    /// Checks that <paramref name="model"/> is a zoo model that can train on <paramref name="dataset"/> (a language
    /// model on text, an image model on images); throws an <see cref="ArgumentException"/> saying what is allowed.
    /// </summary>
    public static void CheckModel(string dataset, string model)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(model);
        bool text = DataCatalogue.IsText(dataset);
        if (CharTransformerShape.Names(model))
        {
            if (!text) throw new ArgumentException($"model '{model}' is a language model: train it on a text corpus ({string.Join(", ", DataCatalogue.TextNames)})");
            CharTransformerShape.Parse(model);
            return;
        }

        if (text) throw new ArgumentException($"{dataset.Trim().ToLowerInvariant()} is a text corpus: its model is {CharTransformerShape.ModelName} or {CharTransformerShape.ModelName}:LAYERS,WIDTH,HEADS,CONTEXT");
        ModelZoo.Resolve(model);
    }
}
