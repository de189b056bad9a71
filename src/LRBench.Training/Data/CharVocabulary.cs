namespace LRBench.Training.Data;

/// <summary>
/// The characters a character-level model reads and predicts: printable ASCII (space to ~) and the newline, plus one
/// id for every other character. Fixed rather than learnt from the corpus, so a model's output layer, its checkpoints
/// and its bits per character mean the same on any text.
/// </summary>
public static class CharVocabulary
{
    /// <summary>The id of every character outside the vocabulary (accented letters, control characters, ...).</summary>
    public const int Unknown = 0;

    /// <summary>The id of the newline.</summary>
    public const int Newline = 1;

    /// <summary>How many ids there are: unknown, newline and the 95 printable ASCII characters.</summary>
    public const int Size = 97;

    /// <summary>The id of one character; a tab reads as a space.</summary>
    public static int Id(char c) => c switch
    {
        '\n' => Newline,
        '\t' => Id(' '),
        >= ' ' and <= '~' => c - ' ' + 2,
        _ => Unknown,
    };

    /// <summary>The ids of a text, one per UTF-16 character (a character outside the BMP gives two unknown ids).</summary>
    public static long[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[text.Length];
        for (int i = 0; i < text.Length; i++) ids[i] = Id(text[i]);
        return ids;
    }

    /// <summary>The text of a sequence of ids; unknown ids read as '?'.</summary>
    public static string Decode(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return string.Concat(ids.Select(id => id switch
        {
            Newline => '\n',
            >= 2 and < Size => (char)(id - 2 + ' '),
            _ => '?',
        }));
    }
}
