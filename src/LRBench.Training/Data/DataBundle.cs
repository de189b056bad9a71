namespace LRBench.Training.Data;

/// <summary>A data set ready to train on: the training images and the images it is evaluated on.</summary>
/// <param name="Name">Its name as users write it (e.g. fashion-mnist).</param>
/// <param name="Train">The images the model learns from.</param>
/// <param name="Evaluation">The test set, or the held-out validation split when one was asked for.</param>
/// <param name="EvaluationName">"test" or "validation": which one <paramref name="Evaluation"/> is.</param>
/// <param name="ClassNames">Human-readable class names, one per class.</param>
public sealed record DataBundle(string Name, ImageSet Train, ImageSet Evaluation, string EvaluationName, IReadOnlyList<string> ClassNames)
{
    public ImageShape Shape => Train.Shape;

    public int Classes => Train.Classes;
}
