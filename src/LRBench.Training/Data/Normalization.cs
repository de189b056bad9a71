namespace LRBench.Training.Data;

/// <summary>
/// Per-channel standardisation, (x - mean) / std, with mean and std measured on the training images only (population
/// std over every pixel of the channel) and applied unchanged to the evaluation images.
/// </summary>
public sealed record Normalization(double[] Mean, double[] Std)
{
    public static Normalization Measure(ImageSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        int channels = train.Shape.Channels;
        int plane = train.Shape.Height * train.Shape.Width;
        var sum = new double[channels];
        var sumSq = new double[channels];
        for (int i = 0; i < train.Count; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = (i * train.Shape.Size) + (c * plane);
                for (int k = 0; k < plane; k++)
                {
                    double v = train.Pixels[start + k];
                    sum[c] += v;
                    sumSq[c] += v * v;
                }
            }
        }

        double n = (double)train.Count * plane;
        var mean = sum.Select(s => s / n).ToArray();
        var std = sumSq.Select((s, c) => Math.Sqrt(Math.Max(s / n - (mean[c] * mean[c]), 0))).ToArray();
        // A constant channel would divide by zero; leave its scale alone.
        std = std.Select(s => s > 1e-12 ? s : 1.0).ToArray();
        return new Normalization(mean, std);
    }

    /// <summary>A new image set with the transform applied.</summary>
    public ImageSet Apply(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Shape.Channels != Mean.Length)
            throw new ArgumentException($"normalisation has {Mean.Length} channels, the images have {set.Shape.Channels}", nameof(set));
        int plane = set.Shape.Height * set.Shape.Width;
        var pixels = new float[set.Pixels.Length];
        for (int i = 0; i < set.Count; i++)
        {
            for (int c = 0; c < Mean.Length; c++)
            {
                int start = (i * set.Shape.Size) + (c * plane);
                float m = (float)Mean[c];
                float s = (float)Std[c];
                for (int k = 0; k < plane; k++) pixels[start + k] = (set.Pixels[start + k] - m) / s;
            }
        }

        return new ImageSet(pixels, set.Labels, set.Shape, set.Classes);
    }
}
