using LRBench.Schedules;

namespace LRBench.Training.Data;

/// <summary>Seeded ways to cut an image set: stratified hold-outs and random subsets.</summary>
public static class Splits
{
    /// <summary>
    /// Moves round(fraction x class size) images of every class to the second set, chosen at random from the seed;
    /// both sets keep the original order of the images they hold.
    /// </summary>
    public static (ImageSet Kept, ImageSet HeldOut) Stratified(ImageSet set, double fraction, long seed, string purpose)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1)");
        var heldOut = new bool[set.Count];
        for (int c = 0; c < set.Classes; c++)
        {
            var members = Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == c).ToArray();
            int take = (int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero);
            var order = SeededRandom.For(seed, purpose, c).Permutation(members.Length);
            for (int k = 0; k < take; k++) heldOut[members[order[k]]] = true;
        }

        var kept = Enumerable.Range(0, set.Count).Where(i => !heldOut[i]).ToArray();
        var held = Enumerable.Range(0, set.Count).Where(i => heldOut[i]).ToArray();
        if (kept.Length == 0 || held.Length == 0)
            throw new DataException($"splitting {set.Count} images with fraction {fraction} leaves one side empty; use a fraction nearer 0.5 or more data");
        return (set.Select(kept), set.Select(held));
    }

    /// <summary><paramref name="count"/> images chosen at random from the seed (all of them, in order, when count &gt;= the set's size).</summary>
    public static ImageSet Subset(ImageSet set, int count, long seed, string purpose)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count >= set.Count) return set;
        var order = SeededRandom.For(seed, purpose, 0).Permutation(set.Count);
        var chosen = order.Take(count).Order().ToArray();
        return set.Select(chosen);
    }
}

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
