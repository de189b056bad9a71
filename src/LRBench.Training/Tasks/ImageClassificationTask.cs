using LRBench.Training.Data;
using LRBench.Training.Models;

namespace LRBench.Training.Tasks;

/// <summary>The built-in tasks: a data set of <see cref="DataCatalogue"/> and a model of <see cref="ModelZoo"/>, classified.</summary>
public static class ImageClassificationTask
{
    /// <summary>
    /// The task of training zoo model <paramref name="model"/> on <paramref name="data"/>: images as (N, C, H, W)
    /// tensors, copied once, the model built for the data's shape and classes, classification metrics.
    /// </summary>
    public static TrainingTask Create(string model, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var build = ModelZoo.Resolve(model);
        var shape = data.Shape;
        int classes = data.Classes;
        return new TrainingTask
        {
            Name = $"{data.Name}/{model}",
            DataName = data.Name,
            ModelName = model,
            Model = () => build(shape, classes),
            Train = new LazyImageSource(data.Train),
            Evaluation = new LazyImageSource(data.Evaluation),
            EvaluationName = data.EvaluationName,
            SampleShape = [shape.Channels, shape.Height, shape.Width],
            Objective = new ClassificationObjective(classes),
            IsBuiltIn = true,
        };
    }
}
