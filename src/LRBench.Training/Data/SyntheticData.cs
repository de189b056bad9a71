using LRBench.Schedules;

namespace LRBench.Training.Data;

/// <summary>
/// A seeded, learnable stand-in for an image data set, for fast tests and demos: every class has a random prototype
/// image, and each sample is its class prototype plus Gaussian noise of standard deviation <c>noise</c>.
/// </summary>
public static class SyntheticData
{
    /// <summary>A training and a test set of <paramref name="classes"/> balanced classes, the same for the same <paramref name="seed"/>.</summary>
    public static (ImageSet Train, ImageSet Test) Create(
        int trainCount, int testCount, ImageShape shape, int classes, double noise, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testCount);
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "at least 2 classes");
        if (!(noise >= 0)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be >= 0");

        var prototypes = new float[classes][];
        for (int c = 0; c < classes; c++)
        {
            var rng = SeededRandom.For(seed, "synthetic-prototype", c);
            prototypes[c] = Enumerable.Range(0, shape.Size).Select(_ => (float)rng.NextGaussian()).ToArray();
        }

        return (Sample(trainCount, "synthetic-train"), Sample(testCount, "synthetic-test"));

        ImageSet Sample(int count, string purpose)
        {
            var pixels = new float[count * shape.Size];
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                var rng = SeededRandom.For(seed, purpose, i);
                int c = i % classes; // balanced classes
                labels[i] = c;
                for (int k = 0; k < shape.Size; k++)
                    pixels[(i * shape.Size) + k] = prototypes[c][k] + (float)(noise * rng.NextGaussian());
            }

            return new ImageSet(pixels, labels, shape, classes);
        }
    }
}
