
namespace LRBench.Training.Data;

/// <summary>
/// A text to train a language model on, split once into the text it learns from and the text it is measured on.
/// </summary>
/// <param name="Name">The data set's name, as users write it (fortunes).</param>
/// <param name="Train">The training text.</param>
/// <param name="Validation">The held-out text.</param>
/// <param name="Documents">How many documents (fortunes) the text holds, training and validation together.</param>
/// <param name="ValidationDocuments">How many of them are held out.</param>
public sealed record TextCorpus(string Name, string Train, string Validation, int Documents, int ValidationDocuments)
{
    /// <summary>Where Debian's fortunes package keeps its files.</summary>
    public const string FortunesDirectory = "/usr/share/games/fortunes";

    /// <summary>Every how-many-th fortune is held out for validation (the 10th, 20th, ...): 10 %.</summary>
    public const int ValidationEvery = 10;

    /// <summary>The largest file read as a fortune file (the largest of Debian's is under 0.5 MB).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>
    /// Debian's fortunes (package <c>fortunes</c>): every plain fortune file in <paramref name="directory"/> (names
    /// without an extension, in ordinal order; the .dat indexes and .u8 links are skipped), cut into fortunes at the
    /// lines holding only <c>%</c>. Every <see cref="ValidationEvery"/>-th fortune is held out, so both sides cover
    /// every topic and no fortune is on both. Each fortune is written back followed by a <c>%</c> line, as in the files.
    /// </summary>
    public static TextCorpus LoadFortunes(string? directory = null)
    {
        string folder = directory ?? FortunesDirectory;
        if (!Directory.Exists(folder))
            throw new DataException($"the fortunes folder {folder} does not exist; install Debian's package fortunes (scripts/install-deps.sh does) or give --data-dir");
        var files = new DirectoryInfo(folder).GetFiles()
            .Where(f => !f.Name.Contains('.', StringComparison.Ordinal) && f.LinkTarget is null)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new DataException($"{folder} holds no fortune files (plain files without an extension); install Debian's package fortunes");

        var train = new System.Text.StringBuilder();
        var validation = new System.Text.StringBuilder();
        int documents = 0, held = 0;
        foreach (var file in files)
        {
            if (file.Length > MaxFileBytes) throw new DataException($"{file.FullName} is {file.Length:N0} bytes; a fortune file is at most {MaxFileBytes:N0}");
            foreach (string fortune in Fortunes(File.ReadAllText(file.FullName)))
            {
                documents++;
                bool hold = documents % ValidationEvery == 0;
                if (hold) held++;
                (hold ? validation : train).Append(fortune).Append("\n%\n");
            }
        }

        if (held == 0) throw new DataException($"{folder} holds {documents} fortunes; at least {ValidationEvery} are needed to hold some out");
        return new TextCorpus("fortunes", train.ToString(), validation.ToString(), documents, held);
    }

    /// <summary>The fortunes of one file: the texts between lines that hold only %, without their surrounding blank lines.</summary>
    internal static IEnumerable<string> Fortunes(string text)
    {
        var current = new List<string>();
        foreach (string raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.TrimEnd() == "%")
            {
                if (Joined(current) is { } done) yield return done;
                current.Clear();
            }
            else current.Add(raw);
        }

        if (Joined(current) is { } last) yield return last;

        static string? Joined(List<string> lines)
        {
            string s = string.Join('\n', lines).Trim('\n');
            return s.Trim().Length == 0 ? null : s;
        }
    }
}
