namespace LRBench.Training.Data;

/// <summary>
/// The CIFAR-10 binary version: data_batch_1..5.bin and test_batch.bin, each a run of 3073-byte records
/// (one label byte, then 1024 red, 1024 green and 1024 blue pixel bytes, rows top to bottom).
/// </summary>
public static class Cifar10Binary
{
    public const int RecordSize = 1 + (3 * 32 * 32);

    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads the training batches and the test batch from a cifar-10-batches-bin folder.</summary>
    public static (ImageSet Train, ImageSet Test) Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DataException(
                $"CIFAR-10 folder {directory} not found; download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, " +
                "unpack it and give its cifar-10-batches-bin folder as the data directory (DataOptions.DataDirectory)");
        }

        var trainFiles = Enumerable.Range(1, 5).Select(i => Path.Combine(directory, $"data_batch_{i}.bin")).ToArray();
        string testFile = Path.Combine(directory, "test_batch.bin");
        var missing = trainFiles.Append(testFile).Where(f => !File.Exists(f)).ToArray();
        if (missing.Length > 0)
        {
            throw new DataException(
                $"CIFAR-10 folder {directory} lacks {string.Join(", ", missing.Select(Path.GetFileName))}; it must hold data_batch_1.bin .. data_batch_5.bin and test_batch.bin");
        }

        return (ReadFiles(trainFiles), ReadFiles([testFile]));
    }

    public static ImageSet ReadFiles(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var pixels = new List<float[]>();
        var labels = new List<int>();
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
            {
                throw new DataException(
                    $"{file}: {bytes.Length} bytes is not a whole number of {RecordSize}-byte CIFAR-10 records; the file is truncated or not a CIFAR-10 binary batch");
            }

            for (int offset = 0; offset < bytes.Length; offset += RecordSize)
            {
                int label = bytes[offset];
                if (label > 9) throw new DataException($"{file}: record {offset / RecordSize} has label {label}; CIFAR-10 labels are 0..9");
                labels.Add(label);
                var image = new float[RecordSize - 1];
                for (int i = 0; i < image.Length; i++) image[i] = bytes[offset + 1 + i] / 255f;
                pixels.Add(image);
            }
        }

        var all = new float[pixels.Count * (RecordSize - 1)];
        for (int i = 0; i < pixels.Count; i++) pixels[i].CopyTo(all, i * (RecordSize - 1));
        return new ImageSet(all, [.. labels], new ImageShape(3, 32, 32), 10);
    }
}
