using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LRBench.Studies.Tests;

/// <summary>
/// Every C# block of README.md and docs/*.md compiles as printed, in a console program such as `dotnet new console`
/// makes (its implicit usings, nullable on) against the LRBench libraries and TorchSharp: with its own `using` lines,
/// nothing added. Two kinds of block are checked elsewhere or not at all, and say so: an excerpt whose first line
/// names its file (<c>// examples/...</c>; <see cref="LibraryDocTests"/> finds it in that file, which builds), and a
/// fragment, preceded by <c>&lt;!-- fragment: why --&gt;</c>.
/// </summary>
public sealed class DocSnippetTests
{
    private const string Fragment = "<!-- fragment:";

    /// <summary>The usings a console project's ImplicitUsings adds (Microsoft.NET.Sdk).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private sealed record Block(string File, int Line, string Code, string? FragmentReason);

    private static IEnumerable<Block> Blocks()
    {
        string root = RepositoryFiles.RepoRoot;
        var pages = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        foreach (string page in pages)
        {
            var lines = File.ReadAllText(page).ReplaceLineEndings("\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() is not ("```csharp" or "```cs" or "```c#")) continue;
                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                Assert.True(end > i, $"{page}:{i + 1}: a C# block that never ends");
                string? before = lines.Take(i).LastOrDefault(l => l.Trim().Length > 0)?.Trim();
                string? reason = before is not null && before.StartsWith(Fragment, StringComparison.Ordinal) ? before[Fragment.Length..].Replace("-->", "", StringComparison.Ordinal).Trim() : null;
                yield return new Block(Path.GetRelativePath(root, page), i + 2, string.Join('\n', lines[(i + 1)..end]), reason);
                i = end;
            }
        }
    }

    public static TheoryData<string, int> AllBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var b in Blocks()) data.Add(b.File, b.Line);
        return data;
    }

    [Fact]
    public void The_pages_hold_C_sharp_blocks_that_compile_and_say_why_when_one_is_a_fragment()
    {
        var blocks = Blocks().ToList();
        Assert.True(blocks.Count >= 10, $"only {blocks.Count} C# blocks found");
        Assert.All(blocks.Where(b => b.FragmentReason is not null), b => Assert.True(b.FragmentReason!.Length >= 10, $"{b.File}:{b.Line}: a fragment must say why"));
        Assert.True(blocks.Count(b => b.FragmentReason is null && !IsExcerpt(b)) >= 3, "fewer than 3 blocks are compiled");
    }

    [Theory]
    [MemberData(nameof(AllBlocks))]
    public void Every_csharp_block_compiles_as_printed(string file, int line)
    {
        var block = Blocks().Single(b => b.File == file && b.Line == line);
        if (block.FragmentReason is not null || IsExcerpt(block)) return; // see the class summary
        var compilation = CSharpCompilation.Create(
            "snippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings), CSharpSyntaxTree.ParseText(block.Code, path: $"{file}:{line}")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{file}:{line} does not compile as printed:\n{string.Join('\n', errors.Take(10))}\n---\n{block.Code}");
    }

    private static bool IsExcerpt(Block b) => b.Code.StartsWith("// examples/", StringComparison.Ordinal);

    /// <summary>The framework's assemblies and every managed assembly beside the tests (the LRBench libraries, TorchSharp and what they use).</summary>
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
            byName.TryAdd(Path.GetFileName(path), path);
        foreach (string path in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            using var pe = new PEReader(File.OpenRead(path));
            if (pe.HasMetadata && !Path.GetFileName(path).Contains("Tests", StringComparison.Ordinal)) byName.TryAdd(Path.GetFileName(path), path);
        }

        return [.. byName.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });
}
