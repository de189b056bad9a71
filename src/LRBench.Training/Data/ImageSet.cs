namespace LRBench.Training.Data;

/// <summary>
/// Labelled images in memory, pixels as floats in channel-height-width order, image after image. Plain managed arrays:
/// readers and transforms stay testable without TorchSharp; the trainer copies them into tensors once.
/// </summary>
public sealed class ImageSet
{
    public ImageSet(float[] pixels, int[] labels, ImageShape shape, int classes)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (shape.Size <= 0) throw new ArgumentException($"image shape {shape} is empty", nameof(shape));
        if (pixels.Length != labels.Length * (long)shape.Size)
            throw new ArgumentException($"{pixels.Length} pixel values do not make {labels.Length} images of {shape}", nameof(pixels));
        if (classes < 2) throw new ArgumentException($"a classification set needs at least 2 classes (got {classes})", nameof(classes));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"label {labels[i]} of image {i} is outside 0..{classes - 1}", nameof(labels));
        }

        Pixels = pixels;
        Labels = labels;
        Shape = shape;
        Classes = classes;
    }

    public float[] Pixels { get; }

    public int[] Labels { get; }

    public ImageShape Shape { get; }

    public int Classes { get; }

    public int Count => Labels.Length;

    /// <summary>The images at the given indices, in that order.</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = Shape.Size;
        var pixels = new float[indices.Count * size];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * size, pixels, (long)i * size, size);
            labels[i] = Labels[indices[i]];
        }

        return new ImageSet(pixels, labels, Shape, Classes);
    }

    /// <summary>The first <paramref name="count"/> images (all of them when there are fewer).</summary>
    public ImageSet Take(int count) =>
        count >= Count ? this : Select(Enumerable.Range(0, count).ToArray());
}
