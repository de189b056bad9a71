namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// What a study may be called. The name keys the study in the store and names its folder, so it is checked wherever
/// it is read: in a study file and when read back from a store (which anyone with a SQL client can write).
/// </summary>
public static class StudyName
{
    /// <summary>The longest name allowed.</summary>
    public const int MaxLength = 100;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "1 to 100 letters, digits, '-', '_' or '.', not starting with '.'";

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>: safe as a folder name and as a key.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
