using ArchUnitNET.Domain;

namespace LRBench.Architecture.Tests;

/// <summary>
/// The folder-to-folder dependency graph of one project, read from its compiled types: folder X uses folder Y when a
/// type whose namespace lies under X refers to a type under Y. Folders are the first namespace segment below the
/// project's root namespace; types in the root namespace itself form the folder "(root)".
/// </summary>
public sealed class FolderGraph
{
    public const string Root = "(root)";

    private FolderGraph(string project, IReadOnlyList<string> folders, IReadOnlySet<(string From, string To)> edges)
    {
        Project = project;
        Folders = folders;
        Edges = edges;
    }

    public string Project { get; }
    public IReadOnlyList<string> Folders { get; }
    public IReadOnlySet<(string From, string To)> Edges { get; }

    public static FolderGraph Of(ArchUnitNET.Domain.Architecture architecture, string project)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var edges = new HashSet<(string, string)>();
        foreach (var type in architecture.Types)
        {
            var from = FolderOf(type, project);
            if (from is null) continue;
            folders.Add(from);
            foreach (var dependency in type.Dependencies)
            {
                var to = FolderOf(dependency.Target, project);
                if (to is not null && to != from) edges.Add((from, to));
            }
        }
        return new FolderGraph(project, folders.ToList(), edges);
    }

    /// <summary>Pairs of folders that use each other.</summary>
    public IReadOnlyList<(string, string)> TwoWayPairs() =>
        Edges.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && Edges.Contains((e.To, e.From)))
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();

    /// <summary>Strongly connected groups of more than one folder (Tarjan): each is a dependency cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var (_, w) in Edges.Where(e => e.From == v))
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var group = new List<string>();
            string top;
            do { top = stack.Pop(); onStack.Remove(top); group.Add(top); } while (top != v);
            if (group.Count > 1) result.Add(group.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var folder in Folders) if (!index.ContainsKey(folder)) Visit(folder);
        return result;
    }

    /// <summary>Which types make each edge (for a reader hunting an arrow that points back).</summary>
    public static IReadOnlyList<string> EdgeReasons(ArchUnitNET.Domain.Architecture architecture, string project)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            var from = FolderOf(type, project);
            if (from is null) continue;
            foreach (var dependency in type.Dependencies)
            {
                var to = FolderOf(dependency.Target, project);
                if (to is not null && to != from) lines.Add($"{from} -> {to}: {type.Name} -> {dependency.Target.Name}");
            }
        }
        return lines.ToList();
    }

    public string Describe()
    {
        var cycles = Cycles();
        var lines = new List<string>
        {
            $"{Project}: {Folders.Count} folders, {Edges.Count} edges, {TwoWayPairs().Count} two-way pairs, "
            + $"{cycles.Count} cycles" + (cycles.Count == 0 ? "" : ": " + string.Join("; ", cycles.Select(c => "{" + string.Join(", ", c) + "}"))),
        };
        lines.AddRange(Folders.Select(f =>
            $"  {f} -> {string.Join(", ", Edges.Where(e => e.From == f).Select(e => e.To).Order(StringComparer.Ordinal))}"));
        return string.Join('\n', lines);
    }

    private static string? FolderOf(IType type, string project)
    {
        // A generic parameter is no folder's type (ArchUnitNET shares one per name across types, with some namespace).
        if (type is GenericParameter) return null;
        var ns = type.Namespace?.FullName ?? "";
        if (ns == project) return Root;
        if (!ns.StartsWith(project + ".", StringComparison.Ordinal)) return null;
        var rest = ns[(project.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }
}
