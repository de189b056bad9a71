using LRBench.Studies.Model.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LRBench.Studies.Definition;

/// <summary>
/// Limits checked on a study file's YAML events before any tree is built: its size, how deeply it nests (YamlDotNet
/// builds nested nodes recursively, so 200,000 '[' would overflow the stack), and how many nodes it stands for once
/// every alias is expanded (ten levels of aliases, each repeating the one below ten times, stand for 10^10 nodes).
/// The parser that reads the events is iterative, so checking costs one linear pass.
/// </summary>
public static class YamlLimits
{
    /// <summary>The largest study file, in characters.</summary>
    public const int MaxCharacters = 1 << 20;

    /// <summary>The deepest nesting of mappings and sequences.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes a file may stand for with its aliases expanded.</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>Throws a <see cref="StudyFileException"/> with the file and line of the first limit passed.</summary>
    public static void Check(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxCharacters)
            throw new StudyFileException($"{source}: the file is {text.Length} characters long; a study file may have at most {MaxCharacters}");

        var parser = new Parser(new StringReader(text));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long NodesBefore)>();
        long nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                int line = (int)e.Start.Line;
                switch (e)
                {
                    case AnchorAlias alias:
                        nodes += sizes.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    case Scalar scalar:
                        nodes++;
                        if (!scalar.Anchor.IsEmpty) sizes[scalar.Anchor.Value] = 1;
                        break;
                    case NodeEvent start when e is MappingStart or SequenceStart:
                        nodes++;
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes));
                        if (open.Count > MaxDepth)
                            throw new StudyFileException($"{source}:{line}: nested deeper than {MaxDepth} levels");
                        break;
                    case MappingEnd or SequenceEnd:
                        var (anchor, before) = open.Pop();
                        if (anchor is not null) sizes[anchor] = nodes - before + 1;
                        break;
                }

                if (nodes > MaxExpandedNodes)
                    throw new StudyFileException($"{source}:{line}: the file stands for more than {MaxExpandedNodes} values once its aliases are expanded");
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Syntax errors are reported, with their position where YamlDotNet knows it, by the parse that follows.
        }
    }
}
